#!/usr/bin/env python3
"""Reproduces the api's /metrics stall: on a kept-alive connection, GET /health then GET /metrics; the /metrics
body (~170 KB) sometimes stops a few KB short of its Content-Length and the rest never comes (okhttp and thus
`todoctl validate` time out after 10 s). Seen against the api container (docker target), directly on its bridge IP
as well as through the published port; not seen against a local api process, nor for /openapi (21 KB).

usage: bench/metrics-stall.py HOST PORT [TRIES]   e.g. bench/metrics-stall.py 127.0.0.1 8080 15
"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
tries = int(sys.argv[3]) if len(sys.argv) > 3 else 15
headers = f"Host: {host}:{port}\r\nConnection: Keep-Alive\r\nAccept-Encoding: gzip\r\nUser-Agent: okhttp/4.12.1\r\n\r\n"


def response(sock, buf):
    """(received body bytes, Content-Length, leftover) — leftover None when the body stalled for 5 s."""
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(65536)
    head, body = buf.split(b"\r\n\r\n", 1)
    length = int(next(l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")))
    while len(body) < length:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return len(body), length, None
        if not chunk:
            raise EOFError(f"connection closed after {len(body)} of {length} bytes")
        body += chunk
    return length, length, body[length:]


stalled = 0
for i in range(tries):
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(("GET /health HTTP/1.1\r\n" + headers).encode())
        _, _, rest = response(s, b"")
        s.sendall(("GET /metrics HTTP/1.1\r\n" + headers).encode())
        got, length, rest = response(s, rest)
        if rest is None:
            stalled += 1
            print(f"try {i}: /metrics stalled after {got} of {length} bytes")
print(f"{stalled} of {tries} tries stalled")
