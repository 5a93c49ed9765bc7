namespace MessagingConnectors.Media;

/// <summary>
/// What a file is for: it sets the largest size and the accepted types. MMS, fax and letter follow
/// ClickSend's limits (250 kB JPG/GIF, 4 MB PDF, 10 MB PDF); postcards and conversions use the letter
/// limit; general files may be up to 50 MB of any recognised type.
/// </summary>
public sealed record MediaPurpose(string Name, long MaxBytes, IReadOnlyList<FileType> Types)
{
    public const long Kilobyte = 1024;
    public const long Megabyte = 1024 * 1024;

    private static readonly FileType[] Convertible =
        [FileTypes.Pdf, FileTypes.Jpeg, FileTypes.Png, FileTypes.Gif, FileTypes.Bmp, FileTypes.Doc, FileTypes.Docx];

    public static readonly MediaPurpose Mms = new("mms", 250 * Kilobyte, [FileTypes.Jpeg, FileTypes.Gif]);
    public static readonly MediaPurpose Fax = new("fax", 4 * Megabyte, [FileTypes.Pdf]);
    public static readonly MediaPurpose Letter = new("letter", 10 * Megabyte, [FileTypes.Pdf]);
    public static readonly MediaPurpose Postcard = new("postcard", 10 * Megabyte, [FileTypes.Pdf]);
    public static readonly MediaPurpose ConvertFax = new("convert-fax", 10 * Megabyte, Convertible);
    public static readonly MediaPurpose ConvertMms = new("convert-mms", 10 * Megabyte, Convertible);
    public static readonly MediaPurpose ConvertPost = new("convert-post", 10 * Megabyte, Convertible);
    public static readonly MediaPurpose ConvertPostcard = new("convert-postcard", 10 * Megabyte, Convertible);
    public static readonly MediaPurpose ConvertCsv = new("convert-csv", 10 * Megabyte, [FileTypes.Text, FileTypes.Xlsx, FileTypes.Doc]);
    public static readonly MediaPurpose General = new("general", 50 * Megabyte, FileTypes.All);

    public static IReadOnlyList<MediaPurpose> All { get; } =
        [Mms, Fax, Letter, Postcard, ConvertFax, ConvertMms, ConvertPost, ConvertPostcard, ConvertCsv, General];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>The largest file of any purpose.</summary>
    public static long MaxFileBytes => General.MaxBytes;

    public static MediaPurpose? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The conversion purpose for ClickSend's <c>convert</c> target.</summary>
    public static MediaPurpose ForConversion(string convert) => Find("convert-" + convert) ?? General;

    /// <summary>Largest JSON body that carries <paramref name="files"/> such files as base64, plus room for the other fields.</summary>
    public long JsonBodyLimit(int files = 1) => files * Base64Length(MaxBytes) + Megabyte;

    public static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

    public bool Accepts(FileType type) => Types.Contains(type);

    public string TypeList => string.Join(", ", Types.Select(t => t.Name));

    /// <summary>What the file is called in messages: "an MMS file", "a fax file", "a file to convert for MMS", "a file".</summary>
    public string Noun => Name switch
    {
        "general" => "a file",
        _ when Name.StartsWith("convert-", StringComparison.Ordinal) => $"a file to convert for {Display(Name["convert-".Length..])}",
        _ => Validation.Wording.WithArticle(Display(Name)) + " file",
    };

    private static string Display(string name) => name is "mms" or "csv" ? name.ToUpperInvariant() : name;

    /// <summary>The 413 message for a file of <paramref name="length"/> bytes, or of more than the limit when the length is not known.</summary>
    public string TooLarge(long? length) => length is { } known
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is {known:N0} bytes; {Noun} may be at most {MaxBytes:N0} bytes.")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is more than {MaxBytes:N0} bytes, the most {Noun} may be.");

    /// <summary>The rule a file breaks for this purpose (status 413 or 415 and the message), or null when it fits.</summary>
    public (int Status, string Message)? Check(FileType? type, long length)
    {
        if (length > MaxBytes)
        {
            return (StatusCodes.Status413PayloadTooLarge, TooLarge(length));
        }

        if (type is null || !Accepts(type))
        {
            return (StatusCodes.Status415UnsupportedMediaType,
                $"is {(type is null ? "of an unrecognised type" : type.Noun)}; {Noun} must be {TypeList}.");
        }

        return null;
    }
}
