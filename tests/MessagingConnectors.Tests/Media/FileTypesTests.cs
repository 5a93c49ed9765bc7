using MessagingConnectors.Media;

namespace MessagingConnectors.Tests.Media;

public class FileTypesTests
{
    public static TheoryData<byte[], string?> Samples => new()
    {
        { "%PDF-1.7\n%..."u8.ToArray(), "PDF" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "JPEG" },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "PNG" },
        { "GIF89a\x01\x00"u8.ToArray(), "GIF" },
        { "GIF87a\x01\x00"u8.ToArray(), "GIF" },
        { Bmp(), "BMP" },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "DOC" },
        { Zip("[Content_Types].xml", "word/document.xml"), "DOCX" },
        { Zip("[Content_Types].xml", "xl/workbook.xml"), "XLSX" },
        { Zip("readme.txt"), null },
        { "name,phone\nJana,+420601123456\n"u8.ToArray(), "text" },
        { "Žluťoučký kůň"u8.ToArray(), "text" },
        { [0x4D, 0x5A, 0x90, 0x00, 0x03], null },
        { [0x7F, 0x45, 0x4C, 0x46, 0x02], null },
        { [], null },
        { "%PD"u8.ToArray(), "text" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detect_recognises_files_by_their_first_bytes(byte[] bytes, string? expected) =>
        Assert.Equal(expected, FileTypes.Detect(bytes)?.Name);

    [Fact]
    public void Text_cut_inside_a_multibyte_character_is_still_text()
    {
        var bytes = "abc Ž"u8.ToArray()[..^1];
        Assert.Equal("text", FileTypes.Detect(bytes)?.Name);
    }

    private static byte[] Bmp()
    {
        var bytes = new byte[54];
        "BM"u8.CopyTo(bytes);
        BitConverter.GetBytes(40u).CopyTo(bytes, 14);
        return bytes;
    }

    [Theory]
    [InlineData("fake.pdf", null, "is named fake.pdf, a PDF file name, but its content is a text file.")]
    [InlineData(null, "application/pdf", "is declared as application/pdf (PDF), but its content is a text file.")]
    [InlineData("fake.pdf", "image/jpeg", "is named fake.pdf, a PDF file name and is declared as image/jpeg (JPEG), but its content is a text file.")]
    [InlineData("notes.txt", "text/plain; charset=utf-8", null)]
    [InlineData("contacts.CSV", "text/csv", null)]
    [InlineData("data.bin", "application/octet-stream", null)]
    [InlineData(null, null, null)]
    public void A_name_or_declared_type_the_content_contradicts_is_a_415_that_says_both(string? fileName, string? declared, string? expected)
    {
        var contradiction = FileTypes.Contradiction(FileTypes.Text, fileName, declared);

        Assert.Equal(expected, contradiction?.Message);
        Assert.Equal(expected is null ? null : 415, contradiction?.Status);
    }

    [Theory]
    [InlineData("photo.jpeg", "JPEG")]
    [InlineData("photo.JPG", "JPEG")]
    [InlineData("/files/letter.pdf", "PDF")]
    [InlineData("archive.tar.gz", null)]
    [InlineData("README", null)]
    public void A_file_name_names_a_type_by_its_extension(string name, string? type) =>
        Assert.Equal(type, FileTypes.FromFileName(name)?.Name);

    [Fact]
    public void Unrecognised_content_is_left_to_the_purpose_check() =>
        Assert.Null(FileTypes.Contradiction(null, "fake.pdf", "application/pdf"));

    private static byte[] Zip(params string[] names)
    {
        var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in names)
            {
                using var entry = new StreamWriter(zip.CreateEntry(name).Open());
                entry.Write("<x/>");
            }
        }

        return stream.ToArray();
    }
}
