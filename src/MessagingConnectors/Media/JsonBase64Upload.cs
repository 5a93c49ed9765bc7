using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace MessagingConnectors.Media;

/// <summary>The JSON upload was malformed; the message names what is wrong, for a 400 on the field.</summary>
public sealed class MediaFormatException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Reads the JSON upload <c>{"purpose", "file_name", "content_type", "content"}</c> from the request body
/// without holding it: the small fields are read as usual, and <c>content</c> is handed over as a stream
/// that decodes the base64 while it reads, so neither the body nor the file is ever whole in memory.
/// </summary>
public sealed class JsonBase64Upload(Stream body)
{
    private const int MaxFieldBytes = 4096;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _position;
    private int _end;

    public string? Purpose { get; private set; }

    public string? FileName { get; private set; }

    public string? ContentType { get; private set; }

    /// <summary>
    /// Parses the body and calls <paramref name="store"/> with the decoding stream when <c>content</c> comes. Returns the
    /// store's result, or default when the body had no content.
    /// </summary>
    public async Task<(bool HadContent, T? Result)> ReadAsync<T>(Func<Stream, Task<T>> store, CancellationToken cancellationToken)
    {
        if (await NextTokenAsync(cancellationToken) != '{')
        {
            throw new MediaFormatException("body", "must be a JSON object with content (base64), and optionally purpose, file_name and content_type.");
        }

        _position++;
        var first = true;
        while (true)
        {
            var next = await NextTokenAsync(cancellationToken);
            if (next == '}')
            {
                return (false, default);
            }

            if (!first)
            {
                if (next != ',')
                {
                    throw new MediaFormatException("body", "is not valid JSON (expected , or }).");
                }

                _position++;
                next = await NextTokenAsync(cancellationToken);
            }

            first = false;
            if (next != '"')
            {
                throw new MediaFormatException("body", "is not valid JSON (expected a property name).");
            }

            var name = await ReadSmallStringAsync("body", cancellationToken);
            if (await NextTokenAsync(cancellationToken) != ':')
            {
                throw new MediaFormatException("body", "is not valid JSON (expected :).");
            }

            _position++;
            next = await NextTokenAsync(cancellationToken);
            if (name == "content")
            {
                if (next != '"')
                {
                    throw new MediaFormatException("content", "is required: the file as a base64 string.");
                }

                _position++;
                var decoder = new Base64Decoder(this);
                var result = await store(decoder);
                return (true, result);
            }

            string? value = null;
            if (next == 'n')
            {
                await ExpectLiteralAsync("null", name ?? "body", cancellationToken);
            }
            else if (next == '"')
            {
                value = await ReadSmallStringAsync(name ?? "body", cancellationToken);
            }
            else
            {
                throw new MediaFormatException(name ?? "body", "must be a string.");
            }

            switch (name)
            {
                case "purpose":
                    Purpose = value;
                    break;
                case "file_name":
                    FileName = value;
                    break;
                case "content_type":
                    ContentType = value;
                    break;
                default:
                    throw new MediaFormatException(name ?? "body", "is not a field of an upload (purpose, file_name, content_type, content).");
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_position < _end)
        {
            return true;
        }

        _position = 0;
        _end = await body.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    /// <summary>The next byte that is not whitespace, without consuming it; -1 at the end of the body.</summary>
    private async ValueTask<int> NextTokenAsync(CancellationToken cancellationToken)
    {
        while (await FillAsync(cancellationToken))
        {
            var b = _buffer[_position];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                _position++;
                continue;
            }

            return b;
        }

        return -1;
    }

    private async ValueTask<int> ReadByteAsync(CancellationToken cancellationToken) =>
        await FillAsync(cancellationToken) ? _buffer[_position++] : -1;

    private async Task ExpectLiteralAsync(string literal, string field, CancellationToken cancellationToken)
    {
        foreach (var c in literal)
        {
            if (await ReadByteAsync(cancellationToken) != c)
            {
                throw new MediaFormatException(field, "is not valid JSON.");
            }
        }
    }

    /// <summary>Reads a short JSON string (the opening quote is next) and unescapes it with the real JSON reader.</summary>
    private async Task<string?> ReadSmallStringAsync(string field, CancellationToken cancellationToken)
    {
        var raw = new List<byte>(64) { (byte)await ReadByteAsync(cancellationToken) };
        var escaped = false;
        while (true)
        {
            var b = await ReadByteAsync(cancellationToken);
            if (b < 0 || raw.Count > MaxFieldBytes)
            {
                throw new MediaFormatException(field, b < 0 ? "is not valid JSON (the body ends inside a string)." : $"must be at most {MaxFieldBytes} bytes.");
            }

            raw.Add((byte)b);
            if (escaped)
            {
                escaped = false;
            }
            else if (b == '\\')
            {
                escaped = true;
            }
            else if (b == '"')
            {
                break;
            }
        }

        try
        {
            var reader = new Utf8JsonReader(raw.ToArray());
            reader.Read();
            return reader.GetString();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new MediaFormatException(field, "is not a valid JSON string.");
        }
    }

    /// <summary>Decodes the base64 of <c>content</c> as it is read, block by block, up to the closing quote.</summary>
    private sealed class Base64Decoder(JsonBase64Upload source) : Stream
    {
        private readonly byte[] _chars = new byte[48 * 1024];
        private readonly byte[] _decoded = new byte[36 * 1024];
        private int _charCount;
        private int _decodedPosition;
        private int _decodedEnd;
        private bool _endOfString;
        private bool _finished;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_decodedPosition == _decodedEnd)
            {
                if (_finished)
                {
                    return 0;
                }

                await GatherAsync(cancellationToken);
                Decode();
            }

            var count = Math.Min(buffer.Length, _decodedEnd - _decodedPosition);
            _decoded.AsMemory(_decodedPosition, count).CopyTo(buffer);
            _decodedPosition += count;
            return count;
        }

        private async Task GatherAsync(CancellationToken cancellationToken)
        {
            while (_charCount < _chars.Length && !_endOfString)
            {
                if (!await source.FillAsync(cancellationToken))
                {
                    throw new MediaFormatException("content", "is cut off: the body ends inside the base64 string.");
                }

                var stop = Scan();
                if (stop == '\\')
                {
                    source._position++;
                    var escape = await source.ReadByteAsync(cancellationToken);
                    switch (escape)
                    {
                        case '/':
                            _chars[_charCount++] = (byte)'/';
                            break;
                        case 'n' or 'r' or 't':
                            break;
                        case 'u':
                            var hex = new byte[4];
                            for (var i = 0; i < 4; i++)
                            {
                                hex[i] = (byte)await source.ReadByteAsync(cancellationToken);
                            }

                            if (!int.TryParse(Encoding.ASCII.GetString(hex), System.Globalization.NumberStyles.HexNumber, null, out var code) || code > 127)
                            {
                                throw new MediaFormatException("content", "is not valid base64.");
                            }

                            _chars[_charCount++] = (byte)code;
                            break;
                        default:
                            throw new MediaFormatException("content", "is not valid base64.");
                    }
                }
            }
        }

        /// <summary>Copies base64 characters from the buffered body up to a quote, a backslash or a full block; returns what stopped it.</summary>
        private int Scan()
        {
            var span = source._buffer.AsSpan(source._position, source._end - source._position);
            var i = 0;
            for (; i < span.Length && _charCount < _chars.Length; i++)
            {
                var b = span[i];
                if (b == '"')
                {
                    _endOfString = true;
                    source._position += i + 1;
                    return '"';
                }

                if (b == '\\')
                {
                    source._position += i;
                    return '\\';
                }

                if (b is (byte)' ')
                {
                    continue;
                }

                _chars[_charCount++] = b;
            }

            source._position += i;
            return 0;
        }

        private void Decode()
        {
            var status = Base64.DecodeFromUtf8(_chars.AsSpan(0, _charCount), _decoded, out var consumed, out var written, isFinalBlock: _endOfString);
            if (status == System.Buffers.OperationStatus.InvalidData || (_endOfString && status != System.Buffers.OperationStatus.Done))
            {
                throw new MediaFormatException("content", "is not valid base64.");
            }

            _chars.AsSpan(consumed, _charCount - consumed).CopyTo(_chars);
            _charCount -= consumed;
            _decodedPosition = 0;
            _decodedEnd = written;
            _finished = _endOfString;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
