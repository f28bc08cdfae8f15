"""Two invented case-file audits for the demo organisation, shaped like the Edinburgh figures (2014: 26
files, one group; 2017: 12 files held by workers trained in the model and 18 by others). The files, their
references and the readers are invented; the counts only echo the report's shares."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from s2t_learn.models import Membership, Role

from ..models import AgreedRating, Audit, AuditFile, AuditReader, Reading
from . import selectors

MEASURES = ["risk-assessment", "child-impact", "child-plan", "parent-expectations", "perpetrator-centre"]
# (fully, partially, not met) per measure, in the order above.
BEFORE = {"All files": [(3, 15, 8), (2, 17, 7), (3, 10, 13), (2, 11, 13), (4, 12, 10)]}
AFTER = {
    "Worker trained in the model": [(6, 6, 0), (7, 5, 0), (6, 6, 0), (7, 5, 0), (2, 8, 2)],
    "Worker not trained": [(1, 15, 2), (1, 12, 5), (0, 18, 0), (1, 12, 5), (2, 11, 5)],
}
BACKGROUNDS = ["Social work", "Health visiting", "Education", "Early years"]
REASONS = {
    "fully": "The file shows this clearly and consistently.",
    "partially": "Some of it is there, but not all, or not acted on.",
    "not_met": "Not found in the file.",
}
NEIGHBOUR = {"fully": "partially", "partially": "not_met", "not_met": "partially"}


def _make(audit, groups, readers, rng, prefix):
    number = 0
    for group, counts in groups.items():
        size = sum(counts[0])
        columns = []
        for fully, partially, not_met in counts:
            column = ["fully"] * fully + ["partially"] * partially + ["not_met"] * not_met
            rng.shuffle(column)
            columns.append(column)
        for i in range(size):
            number += 1
            file = AuditFile.objects.create(audit=audit, reference=f"{prefix}-{number:02d}", group=group)
            pair = rng.sample(readers, 2)
            final = {key: columns[m][i] for m, key in enumerate(MEASURES)}
            second = {}
            for key, value in final.items():
                if rng.random() < 0.2:
                    second[key] = NEIGHBOUR[value]
                    AgreedRating.objects.create(
                        file=file,
                        measure_key=key,
                        value=value,
                        reason="Looked at the file again together and agreed.",
                        agreed_by=pair[0].user,
                    )
                else:
                    second[key] = value
            sent = timezone.now()
            for reader, ratings in ((pair[0], final), (pair[1], second)):
                Reading.objects.create(
                    file=file,
                    reader=reader,
                    ratings={k: {"value": v, "reason": REASONS[v]} for k, v in ratings.items()},
                    sent_at=sent,
                )


def ensure_demo_audits(slug):
    """Idempotent: does nothing once the organisation has an audit, or with no measures loaded."""
    if Audit.objects.filter(organisation__slug=slug).exists():
        return
    measures = selectors.published_measures()
    if [m.key for m in measures] != MEASURES:
        return
    members = list(Membership.objects.filter(organisation__slug=slug).select_related("user", "organisation"))
    lead = next((m for m in members if m.role == Role.ASSESSMENT_LEAD), None)
    if lead is None or len(members) < 2:
        return
    rng = random.Random(2014)
    snapshot = selectors.take_snapshot(measures)
    with transaction.atomic():
        before = Audit.objects.create(
            organisation=lead.organisation,
            title="Case-file audit, spring 2025",
            period_start=datetime.date(2025, 3, 3),
            period_end=datetime.date(2025, 5, 30),
            sample_criteria="Three or more police domestic abuse concern reports in six months, and a completed "
            "risk and need assessment.",
            groups=list(BEFORE),
            snapshot=snapshot,
            created_by=lead.user,
            created_at=timezone.now() - datetime.timedelta(days=500),
        )
        after = Audit.objects.create(
            organisation=lead.organisation,
            title="Case-file audit, autumn 2026",
            period_start=datetime.date(2026, 9, 1),
            period_end=datetime.date(2026, 11, 27),
            sample_criteria="The same criteria; files held by workers trained in the model were added on request "
            "so that the two groups could be compared.",
            groups=list(AFTER),
            snapshot=snapshot,
            created_by=lead.user,
            previous=before,
            created_at=timezone.now() - datetime.timedelta(days=20),
        )
        for audit, groups, prefix in ((before, BEFORE, "A25"), (after, AFTER, "A26")):
            readers = [
                AuditReader.objects.create(audit=audit, user=m.user, background=BACKGROUNDS[i % len(BACKGROUNDS)])
                for i, m in enumerate(members)
            ]
            _make(audit, groups, readers, rng, prefix)
