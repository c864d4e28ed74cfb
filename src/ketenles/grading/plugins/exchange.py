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
administrator). Register it in ``nbgrader_config.py``::

    c.ExchangeFactory.collect = "ketenles.grading.plugins.exchange.OwnerCheckedCollect"
"""

from __future__ import annotations

import glob
import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import List, Unicode, default

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

    def copy_files(self):
        # nbgrader's own owner check only warns; every record left here is genuine.
        check, self.check_owner = self.check_owner, False
        try:
            super().copy_files()
        finally:
            self.check_owner = check
