namespace MessagingConnectors.Media;

/// <summary>Settings of the media store (section <c>Media</c>).</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Days a stored file is kept; the clean-up timer and the infra lifecycle rule delete it after.</summary>
    public int RetentionDays { get; set; } = 7;

    /// <summary>Minutes the read-only SAS URL returned to callers stays valid.</summary>
    public int SasMinutes { get; set; } = 60;

    /// <summary>Blob container of the files (the infra creates <c>media</c>).</summary>
    public string Container { get; set; } = "media";
}
