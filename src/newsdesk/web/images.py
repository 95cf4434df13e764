"""Lead images, served from newsdesk's own copy: pages never hot-link an outlet's URL."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from starlette.responses import Response

from newsdesk.errors import NotFound
from newsdesk.store.images import stored_image
from newsdesk.web.context import reader
from newsdesk.web.pages import Id

router = APIRouter(include_in_schema=False)

# A week: the page's URL for an image carries its digest, so a new image is a new URL.
IMAGE_MAX_AGE = 7 * 24 * 3600


@router.get("/images/{article_id}")
def article_image(
    request: Request,
    article_id: Id,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """An article's lead image with its stored type, a long Cache-Control and its digest as
    ETag (304 when the browser has it); 404 when it has none."""
    state = reader(request)
    with state.store.session() as session:
        image = stored_image(session, article_id)
        if image is None:
            raise NotFound(f"article {article_id} has no image")
        etag = f'"{image.sha256}"'
        headers = {
            "Cache-Control": f"public, max-age={IMAGE_MAX_AGE}",
            "ETag": etag,
            "X-Content-Type-Options": "nosniff",
        }
        if if_none_match and etag in [tag.strip() for tag in if_none_match.split(",")]:
            return Response(status_code=304, headers=headers)
        return Response(image.data, media_type=image.content_type, headers=headers)
