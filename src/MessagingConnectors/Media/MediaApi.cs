using MessagingConnectors.Hosting;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MessagingConnectors.Media;

/// <summary>The media store under <c>/api/media</c>: upload (multipart, raw body or base64 JSON), read and delete files.</summary>
public static class MediaApi
{
    public const string Tag = "Media";

    /// <summary>The largest upload body: the largest file as base64 plus room for the JSON or multipart framing.</summary>
    public static readonly long MaxUploadBody = MediaPurpose.General.JsonBodyLimit();

    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section);
        services.AddTimerFunction("DeleteExpiredMedia", "0 0 * * * *", async (provider, cancellationToken) =>
            $"Deleted {await provider.GetRequiredService<MediaStore>().DeleteExpiredAsync(cancellationToken)} expired media files");
        services.AddSingleton<SasIssuer>();
        services.AddSingleton<MediaStore>();
        services.AddTransient<FileStaging>();
        services.AddJsonContext(MediaJson.Default);
        return services;
    }

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/media").WithTags(Tag).UsesStorage();

        group.MapPost("", Upload)
            .Validates<MediaUploadQuery>()
            .WithName("UploadFile")
            .WithSummary("Upload a file")
            .WithDescription("Stores a file for a send action and returns its media ID and a short-lived read-only URL. Send it as JSON " +
                             "{file_name, content_type, content (base64)}, as multipart/form-data, or as the raw body with its content type. " +
                             "The type is recognised from the bytes and the size checked for the purpose; files expire after the retention period.")
            .WithMetadata(new FileUploadMetadata(typeof(MediaUploadRequest), "file",
                ["application/octet-stream", "application/pdf", "image/jpeg", "image/png", "image/gif", "image/bmp", "application/msword",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/plain", "text/csv"]))
            .WithBodySizeLimit(MaxUploadBody)
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id}", Get)
            .WithName("GetFile")
            .WithSummary("Get a file")
            .WithDescription("Returns a stored file's size, type, hash and expiry, with a fresh read-only URL.")
            .WithVisibility(Visibility.Advanced)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id}", Delete)
            .WithName("DeleteFile")
            .WithSummary("Delete a file")
            .WithDescription("Deletes a stored file before it expires; its URLs stop working.")
            .WithVisibility(Visibility.Advanced)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Created<MediaFile>, ProblemHttpResult>> Upload(
        [AsParameters] MediaUploadQuery query, HttpContext context, MediaStore store, CancellationToken cancellationToken)
    {
        var (purpose, fileName) = (query.Purpose, query.FileName);
        var request = context.Request;
        var chosen = MediaPurpose.Find(purpose) ?? MediaPurpose.General;

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        if (mediaType is null)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, Problems.Types.UnsupportedMediaType, "Unsupported content type",
                "Send the file as JSON {content: base64}, as multipart/form-data, or as the raw body with its Content-Type.");
        }

        (StoredMedia? Media, MediaRefusal? Refusal) outcome;
        string field;
        try
        {
            if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            {
                field = "content";
                (outcome, var problem) = await UploadJson(request, chosen, purpose is not null, store, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }
            }
            else if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                field = "file";
                var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
                if (string.IsNullOrEmpty(boundary))
                {
                    return Problems.Validation("Content-Type", "multipart/form-data needs a boundary.");
                }

                var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = MaxUploadBody };
                outcome = (null, new MediaRefusal(StatusCodes.Status400BadRequest, "is required: a part with a file name (Content-Disposition filename)."));
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    var disposition = section.GetContentDispositionHeader();
                    if (disposition?.IsFileDisposition() == true)
                    {
                        var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                        outcome = await store.UploadAsync(section.Body, chosen, name ?? fileName, section.ContentType, request.ContentLength, cancellationToken);
                        break;
                    }
                }
            }
            else
            {
                field = "body";
                if (request.ContentLength > chosen.MaxBytes)
                {
                    outcome = (null, new MediaRefusal(StatusCodes.Status413PayloadTooLarge, chosen.TooLarge(request.ContentLength)));
                }
                else
                {
                    outcome = await store.UploadAsync(request.Body, chosen, fileName, request.ContentType, request.ContentLength, cancellationToken);
                }
            }
        }
        catch (MediaFormatException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }
        catch (InvalidDataException e)
        {
            // The multipart framing is broken (no boundary, a part over the limit).
            return Problems.Validation("body", e.Message);
        }

        if (outcome.Refusal is { } refusal)
        {
            return FileChecks.Refuse([(field, refusal.Status, refusal.Message)]);
        }

        var media = outcome.Media!;
        var file = await Describe(media, store, cancellationToken);
        return TypedResults.Created($"/api/media/{media.Id}", file);
    }

    private static readonly OneOfAttribute PurposeRule = typeof(MediaUploadQuery).GetProperty(nameof(MediaUploadQuery.Purpose))!
        .GetCustomAttributes(typeof(OneOfAttribute), false).Cast<OneOfAttribute>().Single();

    private static async Task<((StoredMedia?, MediaRefusal?) Outcome, ProblemHttpResult? Problem)> UploadJson(
        HttpRequest request, MediaPurpose chosen, bool purposeInQuery, MediaStore store, CancellationToken cancellationToken)
    {
        var upload = new JsonBase64Upload(request.Body);
        var estimate = request.ContentLength / 4 * 3;
        (StoredMedia?, MediaRefusal?) outcome = default;
        ProblemHttpResult? problem = null;
        var (hadContent, _) = await upload.ReadAsync(async content =>
        {
            var purpose = chosen;
            // The JSON form's purpose is read from the stream, not bound: it meets the query's rule here.
            if (!purposeInQuery && upload.Purpose is not null)
            {
                if (PurposeRule.Check(upload.Purpose, upload) is { } refused)
                {
                    problem = Problems.Validation("purpose", refused);
                    return false;
                }

                purpose = MediaPurpose.Find(upload.Purpose)!;
            }

            outcome = await store.UploadAsync(content, purpose, upload.FileName, upload.ContentType, estimate, cancellationToken);
            return true;
        }, cancellationToken);
        if (!hadContent)
        {
            problem ??= Problems.Validation("content", "is required: the file as a base64 string.");
        }

        return (outcome, problem);
    }

    internal static async Task<Results<Ok<MediaFile>, ProblemHttpResult>> Get(
        [FromRoute, ApiField("Media ID", "ID of the file.", Visibility = Visibility.Important, Example = "media_0123456789abcdef0123456789abcdef")] string id,
        MediaStore store, CancellationToken cancellationToken)
    {
        var media = await store.GetAsync(id, cancellationToken);
        return media is null ? NotFound(id) : TypedResults.Ok(await Describe(media, store, cancellationToken));
    }

    internal static async Task<Results<Ok<MediaDeleted>, ProblemHttpResult>> Delete(
        [FromRoute, ApiField("Media ID", "ID of the file.", Visibility = Visibility.Important, Example = "media_0123456789abcdef0123456789abcdef")] string id,
        MediaStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken) ? TypedResults.Ok(new MediaDeleted(id, true)) : NotFound(id);

    private static ProblemHttpResult NotFound(string id) =>
        Problems.Create(StatusCodes.Status404NotFound, Problems.Types.NotFound, "No such file",
            FileInput.MediaIdPattern().IsMatch(id) ? "No file has this media ID; it may have expired or been deleted." : "A media ID is media_ followed by 32 hex digits.");

    private static async Task<MediaFile> Describe(StoredMedia media, MediaStore store, CancellationToken cancellationToken)
    {
        var (url, expires) = await store.CallerUrlAsync(media, cancellationToken);
        return new MediaFile
        {
            Id = media.Id,
            Size = media.Size,
            ContentType = media.ContentType,
            Type = media.Type?.Name,
            Sha256 = media.Sha256,
            Purpose = media.Purpose,
            FileName = media.FileName,
            CreatedAt = media.CreatedOn,
            ExpiresAt = media.ExpiresOn,
            Url = url.ToString(),
            UrlExpiresAt = expires,
        };
    }
}
