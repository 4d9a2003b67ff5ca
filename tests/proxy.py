"""Runs the shipped nginx configuration (deploy/nginx/hireplay.conf) in front of a hireplay server on
this machine: the same file, with only its ports, certificate paths and application server
replaced, and a self-signed certificate for hire.example.com. Used by tests/security/test_proxy.py
and benchmarks/autosave_load.py --proxy."""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx" / "hireplay.conf"
NGINX = os.environ.get("HIREPLAY_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "hire.example.com"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for hire.example.com, localhost and 127.0.0.1; (certificate, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    made = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST), x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert, private = folder / "fullchain.pem", folder / "privkey.pem"
    cert.write_bytes(made.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))  # fmt: skip
    return cert, private


def site_config(upstream: int, http: int, https: int, cert: Path, key: Path) -> str:
    """The shipped file with this machine's ports and certificate; fails if the file no longer
    has what is replaced (so the tested file and the documented one cannot drift apart)."""
    text = SITE.read_text()
    for old, new in (("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
                     ("listen 80;", f"listen 127.0.0.1:{http};"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
                     (f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(cert)),
                     (f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(key))):  # fmt: skip
        if text.count(old) != 1:
            raise AssertionError(f"{SITE} should hold {old!r} once")
        text = text.replace(old, new)
    return text


class Nginx:
    """nginx with the shipped site configuration in front of 127.0.0.1:`upstream`, in `folder`."""

    def __init__(self, upstream: int, folder: Path) -> None:
        self.folder = folder
        self.http, self.https = free_port(), free_port()
        self.cert, key = certificate(folder)
        (folder / "site.conf").write_text(site_config(upstream, self.http, self.https, self.cert, key))
        temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
            f"events {{ worker_connections 4096; }}\n"
            f"http {{\n{temp}\n    access_log off;\n    include {folder}/site.conf;\n}}\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Nginx:
        checked = subprocess.run([NGINX, "-t", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
                                 capture_output=True, text=True)  # fmt: skip
        if checked.returncode != 0:
            raise AssertionError(f"nginx refused the configuration: {checked.stderr}")
        self.process = subprocess.Popen([NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
                                         "-g", "daemon off;"], start_new_session=True)  # fmt: skip
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.https), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"nginx did not start: {(self.folder / 'error.log').read_text()}")

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
