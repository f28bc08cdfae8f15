from django.core.management import BaseCommand

from modules.loader import CONTENT_DIR, load_curriculum


class Command(BaseCommand):
    help = (
        "Load the curriculum from modules/content/. Idempotent. Pages an editor has changed in the "
        "Wagtail admin are kept unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite pages from the files, even editors' changes."
        )
        parser.add_argument(
            "--content-dir", default=str(CONTENT_DIR), help="Folder holding continuum.yaml and modules/."
        )

    def handle(self, *args, **options):
        from pathlib import Path

        report = load_curriculum(Path(options["content_dir"]), update=options["update"])
        if options["verbosity"]:
            for line in report.lines():
                self.stdout.write(line)
