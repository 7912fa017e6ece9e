"""SnapStart runtime hooks: prepare everything before the snapshot, un-share after a restore.

With SnapStart (the template's `SnapStart` parameter), Lambda runs INIT once per published
version, snapshots the process and starts every new copy from that snapshot. So:

* `before_snapshot` does ahead whatever the first requests would otherwise pay once and is
  the same in every copy (see `warmup.everything`): every client made and its DynamoDB
  operations primed (operation models, endpoint rules, credentials), every module the
  routes load on first use, every request model's validator.
* `after_restore` drops what must not be shared between copies restored from one snapshot:
  - pooled connections (a socket would be shared by every copy, and the server closed it
    long ago): the clients' pools are closed, and new empty ones made (no socket is opened
    before a request needs one);
  - remembered conference settings (a copy must not serve what was read at snapshot time);
  - the `random` module's state: it is in the snapshot, so every copy would draw the same
    back-off jitter and the same "next receipt" pick. Reseeded from the OS here. What reads
    the kernel's generator needs nothing (`uuid.uuid4` for transaction tokens, `secrets`,
    `os.urandom`): Lambda restores each copy with fresh kernel entropy (SnapStart security
    model, AWS Lambda developer guide). Credentials the clients resolved are refreshed by
    botocore when they expire, as in any long-lived container.

The hooks library (`snapshot-restore-py`) is part of Lambda's Python runtimes; where it is
absent (an older runtime, a developer machine without it) nothing is registered.
"""

from __future__ import annotations

import gc
import logging
import random

from . import aws, warmup

log = logging.getLogger(__name__)


def before_snapshot() -> None:
    try:
        warmup.everything()
    except Exception:  # priming is an optimisation: a failed hook would fail the version's publication
        log.warning("snapstart_priming_failed: the snapshot is taken without the rest of the priming",
                    exc_info=True)
    # What the hook built lives as long as every restored copy: collect the garbage it left,
    # then keep the rest out of the collector's generations (as app.py does after INIT), so
    # a copy's first requests do not pay a full collection walking it.
    gc.collect()
    gc.freeze()


def after_restore() -> None:
    from .store import conferences

    aws.close_connections()
    aws.open_pools()
    conferences.forget()
    random.seed()  # from os.urandom


def register_hooks() -> bool:
    """Register the hooks with the runtime; False when its hooks library is not there."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:
        return False
    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)
    return True
