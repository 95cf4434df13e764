"""`newsdesk serve`: the web reader."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.options import settings_of
from newsdesk.cli.output import say


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web reader."""
    import uvicorn

    from newsdesk.web.app import create_app
    from newsdesk.web.server import uvicorn_options

    say(f"newsdesk serving on http://{host}:{port}")
    uvicorn.run(create_app(settings_of(ctx)), host=host, port=port, **uvicorn_options())
