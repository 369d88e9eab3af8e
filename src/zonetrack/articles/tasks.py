"""Background jobs of the articles app: reading long articles."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def read_article(article_id: int) -> None:
    """Read one article that waits for it (see ``services.article_read``)."""
    from .services import article_read

    article_read(article_id=article_id)
