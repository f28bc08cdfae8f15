from django.core.management import BaseCommand

from quizzes.audit.loader import CONTENT_FILE, load_measures


class Command(BaseCommand):
    help = "Load the case-file audit measures from quizzes/content/. Idempotent; --update overwrites editors' changes."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")
        parser.add_argument("--file", default=str(CONTENT_FILE))

    def handle(self, *args, **options):
        created, changed = load_measures(options["file"], update=options["update"])
        if options["verbosity"]:
            self.stdout.write(f"Audit measures: {created} created, {changed} updated.")
