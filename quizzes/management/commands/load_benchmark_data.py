"""Build a data set at scale for `make bench`: many lessons, a large organisation, a big round.

    manage.py load_benchmark_data --lessons 1000 --members 100000 --respondents 500

Idempotent: a second run adds only what is missing. Everything is invented and lives in its own
organisation ("bench") and module, so it never mixes with the demo. Never run it on a real site.
"""

import random
import sys

from django.contrib.auth.hashers import make_password
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from modules.models import LessonPage, LessonProgress, ModuleIndexPage, ModulePage
from quizzes.assessment.rounds import services as round_services
from s2t_learn.models import Membership, Organisation, Role, Sector, Team, User
from s2t_learn.selectors import membership_for

BENCH_SLUG = "bench"
BENCH_MODULE_SLUG = "benchmark-module"
BENCH_PASSWORD = "bench-learn-2026"
BATCH = 5000


def progress(label, done, total):
    width = 30
    filled = int(width * done / total) if total else width
    sys.stdout.write(f"\r  {label:<22} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stdout.write("\n")
    sys.stdout.flush()


class Command(BaseCommand):
    help = "Load a benchmark data set: lessons, members, respondents (idempotent, invented)."

    def add_arguments(self, parser):
        parser.add_argument("--lessons", type=int, default=1000)
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--respondents", type=int, default=500)

    def handle(self, *args, lessons, members, respondents, **options):
        if respondents > members:
            raise CommandError("--respondents cannot be more than --members")
        organisation, _ = Organisation.objects.get_or_create(
            slug=BENCH_SLUG, defaults={"name": "Benchmark Family Services (invented)"}
        )
        self.ensure_lessons(lessons)
        self.ensure_members(organisation, members)
        self.ensure_learning(organisation, min(members, 2000))
        self.ensure_round(organisation, respondents)
        self.stdout.write(
            self.style.SUCCESS(f"Benchmark data ready: sign in as bench-lead@example.org / {BENCH_PASSWORD}")
        )

    def ensure_lessons(self, wanted):
        index = ModuleIndexPage.objects.first()
        if index is None:
            raise CommandError("Run load_demo first: the module index page is missing.")
        module = ModulePage.objects.filter(slug=BENCH_MODULE_SLUG).first()
        if module is None:
            module = ModulePage(title="Benchmark module (invented)", slug=BENCH_MODULE_SLUG, summary="For benchmarks.")
            index.add_child(instance=module)
            module.save_revision().publish()
        existing = LessonPage.objects.child_of(module).count()
        sample = LessonPage.objects.exclude(slug__startswith="bench-lesson-").first()
        body = sample.body.raw_data if sample else []
        for number in range(existing, wanted):
            lesson = LessonPage(
                title=f"Benchmark lesson {number + 1}", slug=f"bench-lesson-{number + 1}", summary="", body=body
            )
            module.add_child(instance=lesson)
            if number % 25 == 0 or number == wanted - 1:
                progress("lessons", number + 1, wanted)
        if existing >= wanted:
            progress("lessons", wanted, wanted)

    def ensure_members(self, organisation, wanted):
        password = make_password(BENCH_PASSWORD)
        teams = [Team.objects.get_or_create(organisation=organisation, name=f"Team {n + 1}")[0] for n in range(20)]
        lead, _ = User.objects.get_or_create(
            email="bench-lead@example.org",
            defaults={"username": "bench-lead", "full_name": "Bench Lead", "password": password},
        )
        self._verify(lead)
        Membership.objects.get_or_create(user=lead, organisation=organisation, defaults={"role": Role.ORG_ADMIN})
        existing = Membership.objects.filter(organisation=organisation).count()
        sectors = list(Sector.values)
        for start in range(existing, wanted, BATCH):
            stop = min(start + BATCH, wanted)
            with transaction.atomic():
                users = User.objects.bulk_create(
                    [
                        User(
                            email=f"bench-{n}@example.org",
                            username=f"bench-{n}",
                            full_name=f"Bench Member {n}",
                            sector=sectors[n % len(sectors)],
                            password=password,
                        )
                        for n in range(start, stop)
                    ],
                    ignore_conflicts=True,
                )
                users = User.objects.filter(email__in=[u.email for u in users])
                Membership.objects.bulk_create(
                    [
                        Membership(user=user, organisation=organisation, role=Role.LEARNER, team=teams[user.pk % 20])
                        for user in users
                    ],
                    ignore_conflicts=True,
                )
            progress("members", stop, wanted)
        if existing >= wanted:
            progress("members", wanted, wanted)

    def _verify(self, user):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})

    def ensure_learning(self, organisation, learners):
        """Lesson progress and before/after ratings for some members, for the completion and cohort pages."""
        from quizzes.models import Measure, MeasureResponse

        module = ModulePage.objects.filter(live=True).exclude(slug=BENCH_MODULE_SLUG).first()
        lessons = list(LessonPage.objects.child_of(module).live()) if module else []
        people = list(
            User.objects.filter(memberships__organisation=organisation, email__startswith="bench-")
            .exclude(email="bench-lead@example.org")
            .order_by("pk")
            .values_list("pk", flat=True)[:learners]
        )
        rng = random.Random(7)
        if lessons and not LessonProgress.objects.filter(user_id__in=people[:1]).exists():
            rows = [
                LessonProgress(user_id=pk, lesson=lesson, module=module, completed_at=timezone.now())
                for pk in people
                for lesson in lessons[: rng.randint(0, len(lessons))]
            ]
            LessonProgress.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        measure = Measure.objects.first()
        if measure and not MeasureResponse.objects.filter(user_id__in=people[:1]).exists():
            keys = list(measure.items.values_list("key", flat=True))
            rows = []
            for pk in people:
                for stage in (MeasureResponse.Stage.BEFORE, MeasureResponse.Stage.AFTER):
                    rows.append(
                        MeasureResponse(
                            user_id=pk, measure=measure, stage=stage, ratings={k: rng.randint(1, 5) for k in keys}
                        )
                    )
            MeasureResponse.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        progress("learning records", len(people), len(people))

    def ensure_round(self, organisation, respondents):
        from quizzes.models import Answer, Round, RoundInvitation

        lead = User.objects.get(email="bench-lead@example.org")
        round_ = Round.objects.filter(organisation=organisation, title="Benchmark round").first()
        if round_ is None:
            round_ = round_services.open_round(
                membership=membership_for(lead, BENCH_SLUG), title="Benchmark round", is_anonymous=False
            )
        if round_.status == Round.Status.OPEN:
            people = list(
                User.objects.filter(memberships__organisation=organisation, email__startswith="bench-")
                .exclude(pk=lead.pk)
                .order_by("pk")[:respondents]
            )
            now = timezone.now()
            RoundInvitation.objects.bulk_create(
                [RoundInvitation(round=round_, user=user, sent_at=now, submitted_at=now) for user in people],
                ignore_conflicts=True,
            )
            invitations = list(RoundInvitation.objects.filter(round=round_))
            rng = random.Random(11)
            statements = [s for d in round_.snapshot["domains"] for s in d["statements"]]
            rows = []
            for number, invitation in enumerate(invitations):
                for statement in statements:
                    if statement["kind"] == "destructive":
                        value = rng.choice(["no", "no", "no", "sometimes", "dont_know"])
                    else:
                        value = rng.choice(["met", "partly", "not_met", "dont_know"])
                    rows.append(Answer(invitation=invitation, statement_key=statement["key"], value=value))
                if number % 50 == 0:
                    progress("respondents", number + 1, len(invitations))
            Answer.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
            progress("respondents", len(invitations), len(invitations))
            round_services.close_round(membership=membership_for(lead, BENCH_SLUG), round_id=round_.pk)
