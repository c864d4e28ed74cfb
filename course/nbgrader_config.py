"""nbgrader configuration for a ketenles course.

This file is the template that `ketenles init-course DIR` copies into a new
course directory (see course/lecturer-guide.md). Paths are taken relative to
the directory that holds this file, so a course directory can be moved.
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = os.environ.get("KETENLES_COURSE_ID", "ketenles")
c.CourseDirectory.root = here
# The exchange is where students fetch from and submit to. On a single machine
# or a JupyterHub it is a directory all users can reach.
c.Exchange.root = os.environ.get("KETENLES_EXCHANGE", os.path.join(here, "exchange"))
# Who submitted what: nbgrader compares a submission's Unix owner with the name it
# was submitted under, but only warns and collects it anyway. This collector
# refuses a submission made under another student's name (see its docstring).
c.ExchangeCollect.check_owner = True
c.ExchangeFactory.collect = "ketenles.grading.plugins.exchange.OwnerCheckedCollect"
# Nothing a student places in the exchange is followed: only regular files are copied.
c.ExchangeFactory.fetch_assignment = "ketenles.grading.plugins.exchange.SafeFetchAssignment"
c.ExchangeFactory.fetch_feedback = "ketenles.grading.plugins.exchange.SafeFetchFeedback"
c.ExchangeFactory.release_feedback = "ketenles.grading.plugins.exchange.SafeReleaseFeedback"
# The gradebook: SQLite (gradebook.db beside this file) for one lecturer. For a large
# class or several graders at once use PostgreSQL: `ketenles init-course DIR --db-url
# postgresql://...` adds `c.CourseDirectory.db_url` at the end of this file.

# Students see Dutch placeholders instead of nbgrader's English ones. The code
# placeholder keeps the preceding "antwoord = None" line meaningful: checks then
# say "nog niet ingevuld" instead of showing a NotImplementedError.
c.ClearSolutions.code_stub = {"python": "# Schrijf hier je antwoord (en vervang None hierboven)."}
c.ClearSolutions.text_stub = "*Schrijf hier je antwoord.*"

# A deleted test cell would otherwise score 0 without a word; restore it.
c.OverwriteCells.add_missing_cells = True
# nbgrader 0.9.6's own repair crashes (KeyError) when the cell before a deleted
# grade cell is gone too; ketenles' subclass re-inserts it safely instead.
# TidyGradeCells replaces DeduplicateIds: duplicated, foreign, emptied or edited
# grade cells are put right (and noted) instead of crashing the submission.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "ketenles.grading.plugins.odd_cells.TidyGradeCells",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "ketenles.grading.plugins.overwrite.SafeOverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.SafeOverwriteCells.add_missing_cells = True
# An infinite loop in a submission is interrupted after this many seconds per cell.
c.ExecutePreprocessor.timeout = 60
c.ExecutePreprocessor.interrupt_on_timeout = True

# Grading a student cannot game (see "Wat een student bij het nakijken kan" in
# course/lecturer-guide.md). Student code runs in a bubblewrap sandbox that sees
# only a scratch copy of the one submission and a read-only Python environment;
# the tests never run in the student's kernel: the answer values leave it as
# plain data and the tests run in a clean process. Without bwrap autograde
# refuses; `ketenles autograde --unsandboxed` grades without it knowingly.
c.Autograde.autograde_preprocessors = [
    "ketenles.grading.plugins.execute.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Limits per submission (defaults shown). Memory and CPU time count per process.
c.SandboxedExecute.memory_mb = 2048         # address space of each process, MB
c.SandboxedExecute.cpu_seconds = 300        # CPU time of each process, s
c.SandboxedExecute.max_processes = 64       # processes at once
c.SandboxedExecute.max_output_bytes = 2_000_000  # all outputs together; the rest is cut
c.SandboxedExecute.max_outputs = 5_000      # number of outputs together
c.SandboxedExecute.file_size_mb = 50        # largest file the notebook may write, MB
c.SandboxedExecute.wall_seconds = 900       # the whole notebook; then it is stopped and reported
c.SandboxedExecute.tmp_mb = 128             # each of /tmp and /dev/shm in the sandbox, in memory, MB
c.SandboxedExecute.disk_mb = 256            # home folder with the work folder, in memory: all it may write, MB
c.SandboxedExecute.check_memory_mb = 1024   # outside the sandbox: decoding answers and running the tests, MB
c.SandboxedExecute.check_seconds = 300      # outside the sandbox: all tests of one notebook, s
# While one submission is graded, the sandbox and kernel for the next one start
# (a kernel start is most of the time a small notebook takes); False: one at a time.
c.SandboxedExecute.start_ahead = True

# Feedback never shows hidden-test source, nor a traceback line of a failed
# hidden test (a plain `assert` would quote the expected answer); the student
# still sees which question failed and the Dutch message.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "ketenles.grading.plugins.feedback.StripHiddenTracebacks",
    "ketenles.grading.plugins.feedback.ClearHiddenTests",
]
# Student markdown and HTML output are sanitised (nh3) in every HTML page made of a
# submission: the formgrader's grading view and the feedback. Otherwise an answer
# such as <img src=x onerror=...> runs script in the lecturer's logged-in session.
c.HTMLExporter.preprocessors = ["ketenles.grading.plugins.sanitize.SanitizeStudentHTML"]
# The feedback page in the course language: headings and labels from the message
# catalogue, numbers as 3,5, failed-check hints that wrap instead of running off the page.
c.GenerateFeedback.exporter_class = "ketenles.grading.plugins.feedback.DutchFeedbackExporter"
# Late submissions are flagged (and exported) but not penalised; set
# penalty_method = "zero" to give a late submission 0 points.
c.LateSubmissionPlugin.penalty_method = "none"
