"""Uploaded photos: refuse what is not a safe raster image, and make web renditions of what is."""

import io
import ntpath
import posixpath
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from core.text import vn_slugify

# A newsroom photo is at most a few dozen megapixels; anything bigger is a decompression bomb.
Image.MAX_IMAGE_PIXELS = 40_000_000

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RENDITION_WIDTHS = (480, 800, 1200)


def validate_image(file):
    """Raise ValidationError unless `file` is a JPEG, PNG, WebP or GIF of sane size and dimensions.

    An accepted upload is renamed with `safe_name`."""
    limit_mb = settings.MAX_UPLOAD_MB
    size = getattr(file, "size", None)
    if size is not None and size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is too large: at most %(limit)s MB is accepted."),
            code="file_too_large",
            params={"limit": limit_mb},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > Image.MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("The image is too large in pixels: at most %(megapixels)s megapixels are accepted."),
            code="too_many_pixels",
            params={"megapixels": Image.MAX_IMAGE_PIXELS // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("This file is not an image. Please upload a JPEG, PNG, WebP or GIF photo."), code="not_an_image"
        ) from exc
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Images in %(format)s format are not accepted. Please upload a JPEG, PNG, WebP or GIF photo."),
            code="bad_format",
            params={"format": image_format},
        )
    if isinstance(file, UploadedFile):
        file.name = safe_name(file.name, image_format)


def safe_name(uploaded_name, image_format):
    """The sender's name is not trusted: an ASCII stem, a random suffix, the extension of the real format.

    "../../x.php.jpg" -> "x-php-3f9a1c2e.jpg"; a JPEG called "anh.html" is stored as "anh-….jpg", never as HTML.
    """
    base = ntpath.basename(posixpath.basename(uploaded_name or ""))
    stem = vn_slugify(posixpath.splitext(base)[0].replace(".", " "), 60) or "anh"
    return f"{stem}-{secrets.token_hex(4)}.{EXTENSIONS[image_format]}"


CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _in_srgb(image):
    """The pixels converted from the photo's embedded colour profile (if any) to sRGB, so the profile can go."""
    icc = image.info.get("icc_profile")
    if icc:
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        try:
            return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken or unusual profile: keep the pixels as they are
    return image.convert("RGB") if image.mode == "CMYK" else image


def reencode_upload(file):
    """A fresh encoding of an accepted upload: upright, in sRGB, with no EXIF (GPS), XMP, ICC or comments, and
    nothing of a polyglot's other half (a ZIP or HTML appended after the image). Call after validate_image."""
    file.seek(0)
    buffer = io.BytesIO()
    with Image.open(file) as original:
        image_format = original.format
        frames = [frame.copy() for frame in ImageSequence.Iterator(original)] if image_format == "GIF" else []
        if len(frames) > 1:  # an animated GIF keeps its frames; GIFs carry no EXIF
            options = {"duration": original.info.get("duration", 100), "loop": original.info.get("loop", 0)}
            for frame in frames:
                frame.info = {}
            frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], **options)
        else:
            image = _in_srgb(ImageOps.exif_transpose(original))
            image.info = {}  # nothing of the original's metadata travels to the new file
            if image_format == "JPEG":
                image = image if image.mode in ("RGB", "L") else image.convert("RGB")
                image.save(buffer, "JPEG", quality=92, optimize=True)
            elif image_format == "WEBP":
                image.save(buffer, "WEBP", quality=90, method=4)
            else:
                image.save(buffer, image_format, optimize=True)
    return SimpleUploadedFile(file.name, buffer.getvalue(), content_type=CONTENT_TYPES[image_format])


def _encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=80, method=4)
    else:
        image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())


def make_renditions(field_file, widths=RENDITION_WIDTHS):
    """WebP and JPEG copies at each width (never upscaled), upright and without metadata.

    Returns [{"width", "height", "webp", "jpeg"}] with storage names, narrowest first.
    """
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
    finally:
        field_file.close()
    stem = posixpath.splitext(field_file.name)[0]
    renditions = []
    for width in sorted({min(w, image.width) for w in widths}):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        names = {
            key: default_storage.save(f"renditions/{stem}-{width}.{key}", _encode(resized, fmt))
            for key, fmt in (("webp", "WEBP"), ("jpeg", "JPEG"))
        }
        renditions.append({"width": width, "height": height, **names})
    return renditions


def delete_renditions(renditions):
    """Remove rendition files that are no longer referenced."""
    for rendition in renditions or []:
        for key in ("webp", "jpeg"):
            name = rendition.get(key)
            if name and default_storage.exists(name):
                default_storage.delete(name)


# Covers and thumbnails are 16:9 crops around the photo's focal point; 160 px is the story list's thumbnail
# (80×45 at twice the pixel density).
CROP_RATIO = (16, 9)
CROP_WIDTHS = (160, 480, 800, 1200)


def crop_box(width, height, focal_x, focal_y, ratio=CROP_RATIO):
    """The largest box of `ratio` inside width×height, centred on the focal point as far as the edges allow."""
    ratio_w, ratio_h = ratio
    box_w, box_h = width, round(width * ratio_h / ratio_w)
    if box_h > height:
        box_w, box_h = round(height * ratio_w / ratio_h), height
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def _open_rgb(field_file):
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            return ImageOps.exif_transpose(original).convert("RGB")
    finally:
        field_file.close()


def make_crops(field_file, focal_x=0.5, focal_y=0.5, widths=CROP_WIDTHS):
    """WebP and JPEG 16:9 crops around the focal point at each width (never upscaled), narrowest first.

    The focal point is part of the file names, so moving it never overwrites what a cached page still shows.
    """
    image = _open_rgb(field_file)
    cropped = image.crop(crop_box(image.width, image.height, focal_x, focal_y))
    stem = posixpath.splitext(field_file.name)[0]
    focus = f"{round(focal_x * 100):03d}{round(focal_y * 100):03d}"
    crops = []
    for width in sorted({min(w, cropped.width) for w in widths}):
        height = max(1, round(cropped.height * width / cropped.width))
        resized = cropped if width == cropped.width else cropped.resize((width, height), Image.Resampling.LANCZOS)
        names = {
            key: default_storage.save(f"renditions/{stem}-f{focus}-{width}.{key}", _encode(resized, fmt))
            for key, fmt in (("webp", "WEBP"), ("jpeg", "JPEG"))
        }
        crops.append({"width": width, "height": height, **names})
    return crops
