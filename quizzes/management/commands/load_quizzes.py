from django.core.management import BaseCommand

from quizzes.knowledge.loader import load_measure, load_quizzes


class Command(BaseCommand):
    help = (
        "Load the knowledge quizzes from quizzes/content/quizzes/. Idempotent; editors' changes kept unless --update."
    )

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")

    def handle(self, *args, **options):
        report = load_quizzes(update=options["update"])
        load_measure(update=options["update"])
        if options["verbosity"]:
            self.stdout.write("Quizzes: " + next(report.lines()).split(": ", 1)[1])
