from django.core.management import BaseCommand

from quizzes.assessment.loader import load_framework
from quizzes.content_files import CONTENT_DIR
from quizzes.planning.loader import load_recommendations


class Command(BaseCommand):
    help = (
        "Load the continuum self-assessment framework and its recommendation library from quizzes/content/. "
        "Idempotent; --update overwrites editors' changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")
        parser.add_argument("--file", default=str(CONTENT_DIR / "framework.yaml"))
        parser.add_argument("--recommendations", default=str(CONTENT_DIR / "recommendations.yaml"))

    def handle(self, *args, **options):
        framework, changed = load_framework(options["file"], update=options["update"])
        domain_keys = list(framework.domains.values_list("key", flat=True)) if framework else None
        report = load_recommendations(options["recommendations"], update=options["update"], domain_keys=domain_keys)
        if options["verbosity"]:
            if framework is None:
                self.stdout.write("Framework: no framework file yet.")
            else:
                self.stdout.write(f"Framework: {framework} {'loaded' if changed else 'unchanged'}.")
            self.stdout.write(f"Recommendations: {report}.")
