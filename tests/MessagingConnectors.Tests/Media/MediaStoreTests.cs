using MessagingConnectors.Media;

namespace MessagingConnectors.Tests.Media;

public class MediaStoreTests
{
    [Theory]
    [InlineData(1_000L, MediaStore.MinBlockSize)]
    [InlineData(1024L * 1024, MediaStore.MinBlockSize)]
    [InlineData(10L * 1024 * 1024, 10 * 1024 * 1024 / 4)]
    [InlineData(100L * 1024 * 1024, MediaStore.MaxBlockSize)]
    [InlineData(null, MediaStore.MaxBlockSize / 4)]
    public void A_file_is_staged_in_blocks_of_about_a_quarter_of_its_size_within_bounds(long? expectedLength, int blockSize) =>
        Assert.Equal(blockSize, MediaStore.StagingBlockSize(expectedLength));
}
