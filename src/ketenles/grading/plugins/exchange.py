"""Collect only what each student submitted themselves.

nbgrader's exchange names a submission after the ``student_id`` the student's
own nbgrader claims (``inbound/<student>+<assignment>+<time>+<random>``).
Anyone who can write to ``inbound`` can claim any name: ``nbgrader submit
ketenanalyse --student someone_else``. nbgrader 0.9.6's ``check_owner`` (on
``ExchangeCollect``, not ``CollectApp``) only *warns* when the file's Unix owner
differs from the claimed name, and collects it anyway: an impostor's empty
notebook then replaces the real student's work (issue 10).

:class:`OwnerCheckedCollect` skips such a submission before it can hide the
student's own, most recent one, and logs a Dutch line naming both accounts.
Submissions owned by an account in ``trusted_owners`` are accepted under any
name: by default the account that collects, which could write ``submitted/``
directly anyway (a lecturer simulating students on one machine; a root
administrator).

Nothing a student places in the exchange is followed: collect, fetching an
assignment or feedback, and releasing feedback copy only regular files with
one name from inside the folder concerned (:mod:`ketenles.grading.plugins.safe_copy`),
and log every file they skip by name with a Dutch reason. Register them in
``nbgrader_config.py``::

    c.ExchangeFactory.collect = "ketenles.grading.plugins.exchange.OwnerCheckedCollect"
    c.ExchangeFactory.fetch_assignment = "ketenles.grading.plugins.exchange.SafeFetchAssignment"
    c.ExchangeFactory.fetch_feedback = "ketenles.grading.plugins.exchange.SafeFetchFeedback"
    c.ExchangeFactory.release_feedback = "ketenles.grading.plugins.exchange.SafeReleaseFeedback"
"""

from __future__ import annotations

import glob
import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.fetch_assignment import ExchangeFetchAssignment
from nbgrader.exchange.default.fetch_feedback import ExchangeFetchFeedback
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.utils import ignore_patterns
from traitlets import List, Unicode, default

from ketenles.grading.plugins import safe_copy
from ketenles.i18n import msg


def account_name(uid: int) -> str:
    """The user name of ``uid`` (the number itself when the account no longer exists)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def owner_of(path: str) -> str:
    """The user name owning ``path``."""
    return account_name(os.stat(path).st_uid)


def log_skipped(log, folder: str, skipped: list[tuple[str, str]]) -> None:
    for relative, reason in skipped:
        log.warning(msg("lecturer.copy.skipped", path=os.path.join(folder, relative),
                        reason=msg(f"lecturer.copy.reasons.{reason}")))


def _safe_tree_copy(exchange, src: str, dest: str, only_missing: bool = False) -> None:
    """``do_copy`` of nbgrader's exchange, through :func:`safe_copy.copy_tree`, with its size limits."""
    coursedir = exchange.coursedir
    ignore = ignore_patterns(exclude=coursedir.ignore, include=coursedir.include, log=exchange.log)
    skipped = safe_copy.copy_tree(src, dest, max_file_bytes=int(coursedir.max_file_size * 1000),
                                  max_total_bytes=int(coursedir.max_dir_size * 1000), ignore=ignore,
                                  only_missing=only_missing)
    log_skipped(exchange.log, src, skipped)


def collecting_account() -> str:
    """The account this process runs as, by effective uid (never from the environment)."""
    return account_name(os.geteuid())


class OwnerCheckedCollect(ExchangeCollect):
    """``ExchangeCollect`` that refuses a submission made under someone else's name."""

    trusted_owners = List(Unicode(), help="Accounts whose submissions are accepted under any student name "
                                          "(default: the account that collects).").tag(config=True)

    @default("trusted_owners")
    def _trusted_default(self):
        # The account this process really runs as, not getpass.getuser(): that reads
        # $USER/$LOGNAME first, which a spawner sets to the hub user's name even when
        # the server runs as another account (trial mode: every user is root).
        return [collecting_account()]

    def _is_genuine(self, record: dict) -> bool:
        path = os.path.join(self.inbound_path, record["filename"])
        owner = owner_of(path)
        if owner == record["username"] or owner in self.trusted_owners:
            return True
        self.log.warning(msg("lecturer.collect.impostor", path=path, student=record["username"], owner=owner))
        return False

    def init_src(self):
        super().init_src()
        if not self.check_owner:
            return
        # nbgrader picked the newest submission per claimed name; an impostor's newer
        # one must not hide the student's own, so choose again among genuine ones.
        chosen = {r["username"] for r in self.src_records}
        by_student: dict[str, list[dict]] = {}
        student = self.coursedir.student_id or "*"
        pattern = os.path.join(self.inbound_path, f"{student}+{self.coursedir.assignment_id}+*")
        for path in glob.glob(pattern):
            record = self._path_to_record(path)
            if record["username"] in chosen and self._is_genuine(record):
                by_student.setdefault(record["username"], []).append(record)
        records = []
        for versions in by_student.values():
            versions = self._sort_by_timestamp(versions)
            if self.before_duedate and self.duedate is not None:
                early = [r for r in versions if r["timestamp"] <= self.duedate]
                versions = early or versions
            records.append(versions[0])
        self.src_records = records

    def do_copy(self, src, dest, log=None):  # noqa: ARG002 - nbgrader's signature
        """Only the student's own regular files; links, hard links, FIFOs and devices are named and left."""
        _safe_tree_copy(self, src, dest)

    def copy_files(self):
        # nbgrader's own owner check only warns; every record left here is genuine.
        check, self.check_owner = self.check_owner, False
        try:
            super().copy_files()
        finally:
            self.check_owner = check


class SafeFetchAssignment(ExchangeFetchAssignment):
    """Fetch an assignment: only regular files of the released folder, a student's own files kept."""

    def do_copy(self, src, dest):
        _safe_tree_copy(self, src, dest, only_missing=os.path.isdir(self.dest_path))


class SafeFetchFeedback(ExchangeFetchFeedback):
    """Fetch feedback: each feedback page only when it is a regular file in the exchange."""

    def do_copy(self, src, dest):  # noqa: ARG002 - nbgrader's signature
        for notebook_id, timestamp, feedbackpath in self.feedback_files:
            folder = os.path.join(dest, timestamp)
            os.makedirs(folder, exist_ok=True)
            target = os.path.join(folder, notebook_id + ".html")
            reason = safe_copy.copy_file(feedbackpath, target)
            if reason:
                log_skipped(self.log, os.path.dirname(feedbackpath), [(os.path.basename(feedbackpath), reason)])
            else:
                self.log.info("Fetched feedback: %s", target)


class SafeReleaseFeedback(ExchangeReleaseFeedback):
    """Release feedback only for students whose feedback folder holds regular files where nbgrader reads."""

    def copy_files(self):
        refused = set()
        for page in glob.glob(os.path.join(self.src_path, "*.html")):
            folder = os.path.dirname(page)
            student = os.path.basename(os.path.dirname(folder))
            for path in (page, os.path.join(folder, "timestamp.txt"), os.path.join(folder, "submission_secret.txt")):
                reason = _not_regular(path)
                if reason:
                    refused.add(student)
                    self.log.warning(msg("lecturer.copy.release_refused", student=student, path=path,
                                         reason=msg(f"lecturer.copy.reasons.{reason}")))
        if not refused:
            return super().copy_files()
        before = self.coursedir.student_id_exclude
        self.coursedir.student_id_exclude = ",".join(filter(None, [before, *sorted(refused)]))
        try:
            return super().copy_files()
        finally:
            self.coursedir.student_id_exclude = before


def _not_regular(path: str) -> str | None:
    import stat

    try:
        info = os.lstat(path)
    except OSError:
        return None  # nbgrader reports a missing file itself
    if stat.S_ISLNK(info.st_mode):
        return "symlink"
    if not stat.S_ISREG(info.st_mode):
        return "not_regular"
    return "hardlink" if info.st_nlink != 1 else None
