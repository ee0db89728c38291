"""Just enough HTTP/1.1 on asyncio streams for the webhook benchmark's load client and stub Bot API.

Both share the machine's cores with the webhook processes they measure: with aiohttp on both ends, the benchmark
process spent about half as much CPU per update as the instance it measured, so a second instance could not
scale. Requests are encoded once; a response is read by its Content-Length or its chunks.
"""

from __future__ import annotations

import asyncio
import re

_LENGTH_RE = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
_CHUNKED_RE = re.compile(rb"\r\ntransfer-encoding:[^\r]*chunked", re.IGNORECASE)


class HttpError(Exception):
    pass


def request_bytes(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    """A keep-alive POST of ``body`` to ``path``."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def response_bytes(body: bytes, status: str = "200 OK") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    )


async def read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """The head (start line and headers) and the body of the next request or response on the stream."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = _LENGTH_RE.search(head)
    if length:
        return head, await reader.readexactly(int(length.group(1)))
    if not _CHUNKED_RE.search(head):
        return head, b""
    chunks = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
        chunk = await reader.readexactly(size + 2)  # the chunk and its CRLF
        if size == 0:
            return head, b"".join(chunks)
        chunks.append(chunk[:-2])


def status_of(head: bytes) -> int:
    return int(head.split(b" ", 2)[1])


class Connection:
    """One keep-alive connection of the load client: a request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def send(self, request: bytes) -> bytes:
        """The response body; anything but 200 is an error."""
        self.writer.write(request)
        head, body = await read_message(self.reader)
        if status_of(head) != 200:
            raise HttpError(head.split(b"\r\n", 1)[0].decode(errors="replace"))
        return body

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()
