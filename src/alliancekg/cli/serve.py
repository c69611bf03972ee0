"""``alliancekg serve``: the query API."""

from __future__ import annotations

import subprocess
import sys
from typing import Annotated

import typer
import uvicorn

from ..api import create_app
from ..api.app import HTTP_PROTOCOL
from ..backends import make_backend
from ..ingest.validation import validate_seeds
from .common import SeedsOpt, err, handled, settings


@handled
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    seeds: SeedsOpt = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="server processes; each embedded worker holds its own copy of the graph",
        ),
    ] = 1,
    access_log: Annotated[
        bool,
        typer.Option(
            help="log one line per request (uvicorn's access log); off, a look-up costs "
            "about a tenth less",
        ),
    ] = True,
) -> None:
    """Serve the query API (OpenAPI docs at /docs): from Neo4j when NEO4J_URI is set,
    otherwise from the seeds, built in-process."""
    s = settings(seeds)
    where = s.neo4j_uri or ", ".join(str(p) for p in s.seed_paths)
    if workers > 1:
        if not s.neo4j_uri:
            validate_seeds(s.seed_paths, s.base_iri)  # fail here, not once per worker
        err.print(
            f"serving the {s.backend} backend ({where}) with {workers} workers "
            f"at http://{host}:{port}/docs",
            highlight=False,
        )
        # uvicorn's workers build the app from the environment (create_app's factory);
        # they get these settings, --seeds included, through theirs.
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "alliancekg.api:create_app",
            "--factory",
            f"--host={host}",
            f"--port={port}",
            f"--workers={workers}",
            f"--http={HTTP_PROTOCOL}",
            "--log-level=info",
            *([] if access_log else ["--no-access-log"]),
        ]
        try:
            code = subprocess.call(command, env=s.environment())
        except KeyboardInterrupt:
            code = 0
        raise typer.Exit(code)
    backend = make_backend(s)
    err.print(
        f"serving the {backend.name} backend ({where}) at http://{host}:{port}/docs",
        highlight=False,
    )
    uvicorn.run(
        create_app(s, backend),
        host=host,
        port=port,
        log_level="info",
        access_log=access_log,
        http=HTTP_PROTOCOL,
    )
