using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MessagingConnectors.ApiExport;

/// <summary>
/// A connector icon: a square in the brand colour with white capital letters, written as an RGB PNG
/// with stored (uncompressed) zlib blocks so the bytes are the same on every machine and runtime.
/// </summary>
public static class PngIcon
{
    /// <summary>5×7 glyphs, one string per row, '#' for ink.</summary>
    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['C'] = [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
        ['L'] = ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
        ['S'] = [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    };

    public static byte[] Create(int size, string brandColor, string letters)
    {
        var background = ParseColor(brandColor);
        var ink = (R: (byte)255, G: (byte)255, B: (byte)255);
        var glyphs = letters.Select(c => Glyphs.TryGetValue(c, out var g) ? g : throw new ArgumentException($"No glyph for '{c}'.", nameof(letters))).ToList();

        // Letters 5 cells wide with 1 cell between them, centred, filling about half the icon.
        var cellsWide = glyphs.Count * 6 - 1;
        var cell = Math.Max(1, size / 2 / Math.Max(cellsWide, 7));
        var left = (size - cellsWide * cell) / 2;
        var top = (size - 7 * cell) / 2;

        var raw = new byte[size * (1 + size * 3)];
        for (var y = 0; y < size; y++)
        {
            var row = y * (1 + size * 3);
            raw[row] = 0; // filter: none
            for (var x = 0; x < size; x++)
            {
                var color = IsInk(glyphs, x - left, y - top, cell) ? ink : background;
                raw[row + 1 + x * 3] = color.R;
                raw[row + 2 + x * 3] = color.G;
                raw[row + 3 + x * 3] = color.B;
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", StoredZlib(raw));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static bool IsInk(List<string[]> glyphs, int px, int py, int cell)
    {
        if (px < 0 || py < 0)
        {
            return false;
        }

        var column = px / cell;
        var line = py / cell;
        var index = column / 6;
        var within = column % 6;
        return line < 7 && index < glyphs.Count && within < 5 && glyphs[index][line][within] == '#';
    }

    private static (byte R, byte G, byte B) ParseColor(string hex)
    {
        var value = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return ((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }

    private static byte[] StoredZlib(byte[] data)
    {
        using var zlib = new MemoryStream();
        zlib.Write([0x78, 0x01]);
        for (var offset = 0; offset < data.Length || offset == 0; offset += 65535)
        {
            var length = Math.Min(65535, data.Length - offset);
            var final = offset + length >= data.Length;
            zlib.WriteByte(final ? (byte)1 : (byte)0);
            zlib.Write([(byte)length, (byte)(length >> 8), (byte)~length, (byte)(~length >> 8)]);
            zlib.Write(data, offset, length);
            if (final)
            {
                break;
            }
        }

        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        var adler = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(adler, (b << 16) | a);
        zlib.Write(adler);
        return zlib.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. typeBytes, .. data]));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in bytes)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
