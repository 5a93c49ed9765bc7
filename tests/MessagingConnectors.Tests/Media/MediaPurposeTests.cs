using MessagingConnectors.Media;

namespace MessagingConnectors.Tests.Media;

public class MediaPurposeTests
{
    [Theory]
    [InlineData("mms", 250 * 1024)]
    [InlineData("fax", 4 * 1024 * 1024)]
    [InlineData("letter", 10 * 1024 * 1024)]
    [InlineData("postcard", 10 * 1024 * 1024)]
    [InlineData("convert-fax", 10 * 1024 * 1024)]
    [InlineData("convert-csv", 10 * 1024 * 1024)]
    [InlineData("general", 50 * 1024 * 1024)]
    [InlineData("LETTER", 10 * 1024 * 1024)]
    public void Each_purpose_has_its_size_limit(string name, long max)
    {
        var purpose = MediaPurpose.Find(name)!;
        Assert.Equal(max, purpose.MaxBytes);
        Assert.Null(purpose.Check(purpose.Types[0], max));
        Assert.Equal(413, purpose.Check(purpose.Types[0], max + 1)!.Value.Status);
    }

    [Fact]
    public void Unknown_purposes_are_not_found() => Assert.Null(MediaPurpose.Find("exe"));

    [Fact]
    public void Types_follow_what_clicksend_takes()
    {
        Assert.Null(MediaPurpose.Mms.Check(FileTypes.Jpeg, 1000));
        Assert.Null(MediaPurpose.Mms.Check(FileTypes.Gif, 1000));
        Assert.Equal(415, MediaPurpose.Mms.Check(FileTypes.Png, 1000)!.Value.Status);
        Assert.Equal(415, MediaPurpose.Letter.Check(FileTypes.Jpeg, 1000)!.Value.Status);
        Assert.Equal(415, MediaPurpose.Fax.Check(null, 1000)!.Value.Status);
        Assert.Null(MediaPurpose.ConvertFax.Check(FileTypes.Docx, 1000));
        Assert.Null(MediaPurpose.ConvertCsv.Check(FileTypes.Text, 1000));
        Assert.Null(MediaPurpose.General.Check(FileTypes.Bmp, 1000));
    }

    [Fact]
    public void The_json_body_limit_leaves_room_for_base64()
    {
        Assert.True(MediaPurpose.Letter.JsonBodyLimit() >= MediaPurpose.Letter.MaxBytes * 4 / 3 + 1024 * 1024);
        Assert.True(MediaPurpose.Postcard.JsonBodyLimit(2) >= 2 * (MediaPurpose.Postcard.MaxBytes * 4 / 3));
    }
}
