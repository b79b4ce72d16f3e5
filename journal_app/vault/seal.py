"""Sealing and opening the journal body with AES-256-GCM, streamed in chunks.

Streaming keeps memory flat: saving never holds a second, encrypted copy of the
database, and opening never holds the encrypted file as well as the plaintext. It is
also faster, because one small buffer stays in the processor's cache instead of
touching a fresh page for every byte. The bytes produced are exactly those of one-shot
AES-GCM (ciphertext then 16-byte tag), as docs/file-format.md describes.

Plaintext is only handed over after the tag has been checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BufferedIOBase

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..errors import DamagedJournal
from .format import TAG_SIZE, Header

CHUNK = 1 << 20
_SLACK = 15  # update_into wants room for one AES block beyond the input


def sealed_chunks(data_key: bytes, nonce: bytes, aad: bytes, body: bytes | bytearray | memoryview,
                  ) -> Iterator[memoryview | bytes]:
    """Yield ``aad``'s seal of ``body``: ciphertext chunks, then the tag.

    Each yielded view is only valid until the next one is requested (the buffer is
    reused), which is how ``durable.write_atomic`` consumes them.
    """
    encryptor = Cipher(algorithms.AES(data_key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    view = memoryview(body).cast("B")
    buffer = bytearray(min(CHUNK, max(len(view), 1)) + _SLACK)
    out = memoryview(buffer)
    try:
        for start in range(0, len(view), CHUNK):
            written = encryptor.update_into(view[start : start + CHUNK], out)
            yield out[:written]
        encryptor.finalize()
        yield encryptor.tag
    finally:
        out.release()
        view.release()


def open_sealed(handle: BufferedIOBase, header: Header, data_key: bytes) -> bytearray:
    """Decrypt the body that follows the header in ``handle`` (positioned just after it).

    Raises DamagedJournal if the file is shorter than the header says or the tag does
    not match (the key is known to be right by now, so any mismatch is damage).
    """
    plain_size = header.body_length - TAG_SIZE
    decryptor = None
    plain = bytearray(plain_size + _SLACK)
    target = memoryview(plain)
    chunk = bytearray(min(CHUNK, max(plain_size, 1)))
    source = memoryview(chunk)
    try:
        decryptor = Cipher(algorithms.AES(data_key), modes.GCM(header.body_nonce)).decryptor()
        decryptor.authenticate_additional_data(header.raw)
        done = 0
        while done < plain_size:
            got = handle.readinto(source[: min(CHUNK, plain_size - done)])
            if not got:
                raise DamagedJournal()  # the file shrank while we read it
            done += decryptor.update_into(source[:got], target[done:])
        tag = handle.read(TAG_SIZE)
        if len(tag) != TAG_SIZE or handle.read(1):
            raise DamagedJournal()
        decryptor.finalize_with_tag(tag)
    except InvalidTag:
        raise DamagedJournal() from None
    finally:
        source.release()
        target.release()
    del plain[plain_size:]
    return plain
