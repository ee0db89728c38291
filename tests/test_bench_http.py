"""The webhook benchmark's own HTTP: requests and responses framed by length or by chunks, over keep-alive."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bench.http import Connection, HttpError, read_message, request_bytes, response_bytes


def reader_of(data: bytes) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return reader


async def test_messages_by_length_and_by_chunks_in_a_row() -> None:
    word = "пр".encode()  # 4 bytes
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n" + word + b"\r\n3;x=1\r\nabc\r\n0\r\n\r\n"
    reader = reader_of(response_bytes(b'{"ok":true}') + chunked + request_bytes("/tg", b"{}", {"X-A": "b"}))
    assert (await read_message(reader))[1] == b'{"ok":true}'
    assert (await read_message(reader))[1] == word + b"abc"
    head, body = await read_message(reader)
    assert head.startswith(b"POST /tg HTTP/1.1\r\n") and b"\r\nX-A: b\r\n" in head and body == b"{}"


async def test_a_connection_posts_in_turn_and_refuses_errors() -> None:
    seen: list[bytes] = []

    async def echo(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        seen.append(body)
        if request.headers.get("X-Fail"):
            return web.Response(status=403)
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        await response.write(body.upper())
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_post("/tg", echo)
    async with TestServer(app) as server:
        connection = await Connection.open(server.port)
        try:
            assert await connection.send(request_bytes("/tg", b"one", {})) == b"ONE"
            assert await connection.send(request_bytes("/tg", b"two", {})) == b"TWO"
            with pytest.raises(HttpError, match="403"):
                await connection.send(request_bytes("/tg", b"three", {"X-Fail": "1"}))
        finally:
            await connection.close()
    assert seen == [b"one", b"two", b"three"]
