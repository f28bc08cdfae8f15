from django.core.management import BaseCommand

from quizzes.loaders import CONTENT_DIR, load_framework


class Command(BaseCommand):
    help = "Load the continuum self-assessment framework from quizzes/content/. Idempotent; --update overwrites."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")
        parser.add_argument("--file", default=str(CONTENT_DIR / "framework.yaml"))

    def handle(self, *args, **options):
        framework, changed = load_framework(options["file"], update=options["update"])
        if options["verbosity"]:
            if framework is None:
                self.stdout.write("Framework: no framework file yet.")
            else:
                self.stdout.write(f"Framework: {framework} {'loaded' if changed else 'unchanged'}.")
