"""Load the curriculum from modules/content/ into Wagtail pages and snippets.

Idempotent: unchanged files change nothing. A page an editor has changed in the Wagtail admin
(it has a revision saved by a person) is left alone unless `update=True`.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml
from django.db import transaction

from s2t_learn.models import HomePage

from .content_notes import note_for, plain_text
from .models import ContinuumLevelText, LessonPage, ModuleIndexPage, ModulePage, Pathway, PathwayModule

CONTENT_DIR = Path(__file__).resolve().parent / "content"
BLOCK_NAMESPACE = uuid.UUID("6f1c2a4e-53a5-4a57-9d4b-2f0f7c4e1d11")
INDEX_INTRO = (
    "<p>Short modules on the Safe &amp; Together Model: why domestic abuse-informed practice matters, "
    "its three principles, its five critical components and the continuum of practice, then a module "
    "for your own setting. Read at your own pace; sign in to keep your place and your notes.</p>"
)


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # editor-changed pages left alone
    unchanged: int = 0

    def lines(self):
        yield f"Curriculum: {len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged."
        for title in self.kept:
            yield f"  kept an editor's changes to: {title} (use --update to overwrite)"


def content_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def md(text):
    return markdown.markdown(text or "", output_format="html").strip()


def block_id(lesson_slug, block_type, ordinal):
    return str(uuid.uuid5(BLOCK_NAMESPACE, f"{lesson_slug}:{block_type}:{ordinal}"))


def _options(options, prefix):
    return [
        {
            "type": "item",
            "id": str(uuid.uuid5(BLOCK_NAMESPACE, f"{prefix}:option:{n}")),
            "value": {"text": o["text"], "correct": bool(o.get("correct")), "feedback": o.get("feedback", "")},
        }
        for n, o in enumerate(options)
    ]


def raw_block(block, lesson_slug, ordinal):
    """A content-file block as Wagtail's stored (raw) StreamField data."""
    kind, value = block["type"], block.get("value")
    bid = block.get("id") or block_id(lesson_slug, kind, ordinal)
    if kind == "heading":
        raw = str(value)
    elif kind == "text":
        raw = md(value)
    elif kind == "callout":
        raw = {"kind": value["kind"], "title": value["title"], "text": md(value["text"])}
    elif kind == "quote":
        raw = {"text": value["text"], "source": value["source"]}
    elif kind == "reflective_question":
        raw = {"prompt": value["prompt"], "hint": value.get("hint", "")}
    elif kind == "scenario":
        raw = {
            "title": value["title"],
            "vignette": md(value["vignette"]),
            "question": value["question"],
            "options": _options(value["options"], bid),
        }
    elif kind == "reframing":
        raw = {
            "context": value["context"],
            "harmful": value["harmful"],
            "model_answer": value["model_answer"],
            "reasons": md(value["reasons"]),
        }
    elif kind == "check_understanding":
        raw = {"question": value["question"], "options": _options(value["options"], bid)}
    elif kind == "resource":
        raw = {
            "title": value["title"],
            "description": value.get("description", ""),
            "document": None,
            "url": value["url"],
        }
    elif kind == "video":
        raw = {"title": value["title"], "file": None, "url": value["url"], "transcript": md(value["transcript"])}
    elif kind == "continuum_explorer":
        raw = None
    elif kind == "diagram":
        raw = {"diagram": value["diagram"], "caption": value["caption"], "note": md(value.get("note", ""))}
    else:
        raise ValueError(f"{lesson_slug}: unknown block type {kind!r}")
    return {"type": kind, "value": raw, "id": bid}


def raw_body(lesson):
    counts = {}
    body = []
    for block in lesson["body"]:
        ordinal = counts.get(block["type"], 0)
        counts[block["type"]] = ordinal + 1
        body.append(raw_block(block, lesson["slug"], ordinal))
    return body


def edited_by_a_person(page):
    return page.revisions.filter(user__isnull=False).exists()


def publish(page):
    page.save_revision(user=None, log_action=False).publish(user=None, log_action=False)


def ensure_index(home):
    index = ModuleIndexPage.objects.child_of(home).first()
    if index is None:
        index = ModuleIndexPage(title="Learn the model", slug="modules", intro=INDEX_INTRO)
        home.add_child(instance=index)
        publish(index)
    return index


def module_fields(data):
    return {
        "title": data["title"],
        "summary": " ".join(data["summary"].split()),
        "learning_outcomes": json.dumps(
            [
                {"type": "outcome", "value": o, "id": block_id(data["slug"], "outcome", n)}
                for n, o in enumerate(data["learning_outcomes"])
            ]
        ),
        "estimated_minutes": int(data["estimated_minutes"]),
        "sectors": list(data.get("sectors") or ["all"]),
        "content_note": " ".join((data.get("content_note") or "").split()),
        "last_reviewed": data["last_reviewed"],
    }


def lesson_fields(data):
    body = raw_body(data)
    summary = data.get("summary", "")
    text = plain_text([data["title"], summary, body])
    return {
        "title": data["title"],
        "summary": summary,
        "content_note": note_for(text, data.get("content_note")),
        "body": json.dumps(body),
    }


def upsert_page(parent, model, slug, fields, digest, update, report):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, content_hash=digest, **fields)
        parent.add_child(instance=page)
        publish(page)
        report.created.append(page.title)
        return page
    if not update:
        if edited_by_a_person(page):
            report.kept.append(page.title)
            return page
        if page.content_hash == digest:
            report.unchanged += 1
            return page
    for name, value in fields.items():
        setattr(page, name, value)
    page.content_hash = digest
    publish(page)
    report.updated.append(page.title)
    return page


def load_continuum(path, update):
    data = yaml.safe_load(path.read_text())
    for level in data["levels"]:
        values = {
            "name": level["name"],
            "definition": " ".join(level["definition"].split()),
            "typical_statement": " ".join(level["typical_statement"].split()),
            "likely_outcomes": "\n".join(level["likely_outcomes"]),
            "credit": data["credit"],
        }
        if update:
            ContinuumLevelText.objects.update_or_create(number=level["number"], defaults=values)
        else:
            ContinuumLevelText.objects.get_or_create(number=level["number"], defaults=values)


def load_pathways(path, modules_by_slug, update):
    data = yaml.safe_load(path.read_text())
    for item in data["pathways"]:
        pathway, created = Pathway.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": " ".join(item["description"].split()),
                "sectors": item["sectors"],
                "next_step_prompt": " ".join(item.get("next_step_prompt", "").split()),
            },
        )
        if not created and not update:
            continue
        if update:
            pathway.name = item["name"]
            pathway.description = " ".join(item["description"].split())
            pathway.sectors = item["sectors"]
            pathway.next_step_prompt = " ".join(item.get("next_step_prompt", "").split())
            pathway.save()
        PathwayModule.objects.filter(pathway=pathway).delete()
        for order, slug in enumerate(item["modules"]):
            PathwayModule.objects.create(pathway=pathway, module=modules_by_slug[slug], sort_order=order)


@transaction.atomic
def load_curriculum(content_dir=CONTENT_DIR, update=False):
    report = LoadReport()
    home = HomePage.objects.first()
    if home is None:
        from s2t_learn.site_setup import ensure_pages

        home = ensure_pages()
    index = ensure_index(home)
    if (content_dir / "continuum.yaml").exists():
        load_continuum(content_dir / "continuum.yaml", update)
    modules = {}
    for path in sorted((content_dir / "modules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        module = upsert_page(
            index, ModulePage, data["slug"], module_fields(data), content_hash(module_fields(data)), update, report
        )
        modules[data["slug"]] = module
        for lesson in data["lessons"]:
            fields = lesson_fields(lesson)
            upsert_page(module, LessonPage, lesson["slug"], fields, content_hash(fields), update, report)
    if (content_dir / "pathways.yaml").exists():
        load_pathways(content_dir / "pathways.yaml", modules, update)
    return report
