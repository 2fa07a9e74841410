"""Photos of requests: only JPEG and PNG within the size limit, re-encoded so that no location or
camera metadata (EXIF, XMP, GPS) survives; the picture is turned upright first."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png"}


def clean_photo(uploaded: UploadedFile) -> ContentFile:
    """A stripped copy of an uploaded photo, or a ValidationError naming what is wrong."""
    limit = int(getattr(settings, "FEEDBACK_MAX_PHOTO_BYTES", DEFAULT_MAX_PHOTO_BYTES))
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            {
                "photo": _("The photo is %(size)d MB; the limit is %(limit)d MB.")
                % {"size": -(-uploaded.size // (1024 * 1024)), "limit": limit // (1024 * 1024)}
            }
        )
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"photo": _("The photo is larger than the limit.")})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in FORMATS:
            raise ValidationError({"photo": _("Send the photo as a JPEG or PNG file.")})
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError({"photo": _("The photo has too many pixels.")})
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError({"photo": _("The file is not a picture that can be read.")}) from None
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if kind == "JPEG" and clean.mode not in {"RGB", "L"}:
        clean = clean.convert("RGB")
    output = io.BytesIO()
    clean.save(output, format=kind, **({"quality": 88} if kind == "JPEG" else {}))
    return ContentFile(output.getvalue(), name=f"photo.{FORMATS[kind]}")
