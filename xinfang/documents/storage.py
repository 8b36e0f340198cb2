"""Private file storage: every stored file of a record (attachments, generated documents, administrators'
templates) lives outside the web root and is served only by views that check the record's scope
(``documents.downloads``)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_FILES_ROOT``: never under the web root, served only by scoped views."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


private_storage = PrivateStorage()
