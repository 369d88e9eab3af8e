"""Files attached to a leader's instruction (领导批示) on an escalated problem: the model, and
the checks an upload passes (those of a project's stage evidence) before it is kept.

The model is re-exported by ``models``, beside the checks it is made with here; it is the same
app and the same migrations.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.projects import files

# An instruction carries a few documents (the signed instruction, a map, a table), not a folder.
MAX_ATTACHMENTS = 5


class InstructionAttachment(models.Model):
    """One file of an instruction, checked by its content and stored under the extension of
    what it really is; it is seen by whoever sees the problem, and downloaded only through it."""

    # Like the problem: its zone owns it, and the unit it is handed to sees it.
    org_path = "event__problem__zone__organisation"
    org_paths = ("event__problem__zone__organisation", "event__problem__responsible_unit")

    event = models.ForeignKey(
        "dispatch.ProblemEvent", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(gettext_lazy("file"), upload_to="instructions/%Y/%m/")
    # The name the sender gave it (shown in the list); the stored file's is the checked one.
    name = models.CharField(gettext_lazy("name"), max_length=120)
    size_bytes = models.PositiveIntegerField(gettext_lazy("size (bytes)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = gettext_lazy("instruction attachment")
        verbose_name_plural = gettext_lazy("instruction attachments")

    def __str__(self) -> str:
        return self.name


def checked_attachments(uploads: Sequence[UploadedFile]) -> list[tuple[str, ContentFile]]:
    """Each upload as (its sender's name, the checked file to store): at most
    ``MAX_ATTACHMENTS``, each a PDF, image, Word, Excel or OFD document of at most 10 MB (the
    checks of stage evidence). A refused one raises a ValidationError on ``attachments``
    naming the file."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachments": _("At most %(count)d files per instruction.")
                % {"count": MAX_ATTACHMENTS}
            }
        )
    checked = []
    for upload in uploads:
        sent = (upload.name or "").strip()[-120:] or _("Attachment")
        try:
            checked.append((sent, files.checked_evidence(upload)))
        except ValidationError as exc:
            raise ValidationError({"attachments": f"{sent}: {' '.join(exc.messages)}"}) from exc
    return checked
