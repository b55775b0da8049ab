"""`provenance verify`, `keygen` and `sign`: is the stored history as it was written, and who vouches."""

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import click

from provenance.cli.common import echo, emit_json, format_option, note, session_scope
from provenance.text.counts import count

if TYPE_CHECKING:
    from provenance.findings import Finding


def _where(finding: "Finding") -> str:
    if finding.record == "revision":
        number = f" r{finding.number}" if finding.number else ""
        return f"{finding.story} {finding.language}{number}"
    if finding.record == "credit set":
        return f"{finding.story} credits #{finding.number}"
    if finding.record in ("person merge", "name event"):
        return f"{finding.record} {finding.number}"
    if finding.record == "person":
        return f"person {finding.evidence.get('person') or finding.evidence.get('recorded')}"
    if finding.record == "desk":
        return f"desk {finding.evidence['desk']}"
    if finding.record == "signature":
        return finding.story or ""
    if finding.record == "checkpoint":
        return f"checkpoint {finding.story}" if finding.story else "checkpoint"
    if finding.record == "text":
        return f"text {finding.evidence['sha256'][:12]}"
    return finding.record or ""


@click.command()
@click.argument("slug", metavar="[STORY]", required=False)
@click.option("--public-key", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Also check the stories' signatures (and a signed checkpoint's) against this "
                   "public key (PREFIX.pub).")
@click.option("--checkpoint", "checkpoint_path", type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE", help="Also report what this checkpoint saw that is gone or different.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, such as a signature that no "
                                             "longer covers the story's heads.")
@format_option("text", "json")
@click.pass_context
def verify(ctx: click.Context, slug: str | None, public_key: Path | None, checkpoint_path: Path | None,
           strict: bool, fmt: str) -> None:
    """Recompute every hash and report records changed since they were written.

    Checks one story, or every story, text, person merge and name, and writes nothing. Each
    problem has a code (what each means: the docstrings of provenance/verify.py, signing.py
    and checkpoint.py):

    \b
      text-altered text-missing revision-missing revision-altered paragraphs-reordered
      derivation-altered version-reassigned credit-set-missing credit-altered
      merge-missing merge-altered chain-broken hash-altered form-unknown
      person-altered alias-altered desk-altered name-missing
      with --public-key: signature-invalid history-rewritten unsigned-by-key signature-stale
      with --checkpoint: history-truncated history-rewritten

    Exits 1 on any error: a record changed or missing, or (with --public-key) a signature that
    is invalid or absent, or (with --checkpoint) history the checkpoint saw that is gone or
    different. A signature that no longer covers the story's heads (it grew, or its newest
    records were cut) is a warning: exit 1 only with --strict.

    \b
    Example:
      provenance verify
      provenance verify my-story --public-key desk.pub --format json
      provenance verify --checkpoint ledger.checkpoint.json --public-key desk.pub --strict
    """
    from provenance.checkpoint import read_checkpoint, verify_ledger
    from provenance.signing import load_public_key

    key = load_public_key(public_key) if public_key is not None else None
    checkpoint = read_checkpoint(checkpoint_path) if checkpoint_path is not None else None
    with session_scope(ctx, read_only=True) as session:
        report = verify_ledger(session, slug, key, checkpoint)
    failed = report.fails(strict)
    if fmt == "json":
        emit_json({"ok": not failed, **dataclasses.asdict(report)})
    else:
        for f in report.findings:
            echo(f"{f.severity:<7} {f.code:<20} {_where(f)}: {f.message}")
    counts = [(report.revisions, "revision"), (report.credit_sets, "credit set"), (report.texts, "text")]
    if report.merges:
        counts.append((report.merges, "person merge"))
    if report.names:
        counts.append((report.names, "name"))
    if public_key is not None:
        counts.append((report.signatures, "signature"))
    counted = ", ".join(count(n, noun) for n, noun in counts)
    problems = [f for f in report.findings if f.severity != "info"]
    if not (report.revisions or report.credit_sets or report.texts or report.merges or report.names
            or report.findings):
        note("nothing to verify")
    elif failed:
        note(f"{count(len(problems), 'problem')} in {counted}")
        ctx.exit(1)
    elif problems:
        note(f"verified {counted}; {count(len(problems), 'warning')} (--strict fails on them)")
    else:
        note(f"verified {counted}")


@click.command()
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE (replaced whole, never half-written) instead of stdout.")
@click.option("--key", "key_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Sign the checkpoint with this private key (PREFIX.key from `provenance keygen`).")
@click.pass_context
def checkpoint(ctx: click.Context, output: str | None, key_path: Path | None) -> None:
    """Write the head of every chain in the ledger, with counts and the time, as JSON.

    Keep the file somewhere the database's operator cannot change it (mail it, copy it to
    another server, publish it): `provenance verify --checkpoint FILE` then reports what it saw
    that is gone (history-truncated) or different (history-rewritten), which a history
    rewritten with every hash recomputed cannot hide. Signed when --key is given.

    \b
    Example:
      provenance checkpoint -o ledger.checkpoint.json --key desk.key
      provenance verify --checkpoint ledger.checkpoint.json --public-key desk.pub
    """
    from provenance.checkpoint import make_checkpoint
    from provenance.cli.export import write_output
    from provenance.signing import load_private_key

    key = load_private_key(key_path) if key_path is not None else None
    with session_scope(ctx, read_only=True) as session:
        data = make_checkpoint(session, key)
    write_output(output, data)


@click.command()
@click.option("--out", "prefix", required=True, type=click.Path(path_type=Path), metavar="PREFIX",
              help="Write the private key to PREFIX.key and the public key to PREFIX.pub.")
def keygen(prefix: Path) -> None:
    """Make an Ed25519 key pair for signing stories.

    PREFIX.key is the private key (mode 0600: keep it secret; it is never stored in the
    database); PREFIX.pub is the public key anyone may verify with. Existing files are never
    overwritten. Prints the public key's fingerprint.

    \b
    Example:
      provenance keygen --out desk
      provenance sign my-story --key desk.key --by "Ruth Okafor"
    """
    from provenance.signing import generate_key_pair

    pair = generate_key_pair(prefix)
    echo(pair.fingerprint)
    note(f"wrote {pair.private} (private: keep it secret) and {pair.public} (public)")


@click.command()
@click.argument("slug", metavar="STORY")
@click.option("--key", "key_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE", help="The private key to sign with (PREFIX.key from `provenance keygen`).")
@click.option("--by", metavar="NAME", help="Who signs; recorded and signed with the heads.")
@click.pass_context
def sign(ctx: click.Context, slug: str, key_path: Path, by: str | None) -> None:
    """Sign a story's current heads and store the signature.

    The signature covers the hash of the latest revision of each document and of the latest
    credit set, so it vouches for the whole history up to them. A story that fails verify is
    not signed. `provenance verify STORY --public-key PREFIX.pub` checks it later.

    \b
    Example:
      provenance sign my-story --key desk.key --by "Ruth Okafor"
    """
    from provenance.signing import load_private_key, sign_story
    from provenance.stories import get_story

    key = load_private_key(key_path)
    with session_scope(ctx) as session:
        signed = sign_story(session, get_story(session, slug), key, by)
    heads = [f"{d['language']} r{d['revision']}" for d in signed.heads["documents"]]
    if signed.heads["credits"]:
        heads.append(f"credits #{signed.heads['credits']['number']}")
    who = f" by {signed.signer}" if signed.signer else ""
    note(f"signed {signed.story} ({', '.join(heads)}){who} with key {signed.fingerprint[:16]}")


COMMANDS = [verify, checkpoint, keygen, sign]
