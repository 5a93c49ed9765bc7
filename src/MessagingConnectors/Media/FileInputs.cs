using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using MessagingConnectors.Providers;

namespace MessagingConnectors.Media;

/// <summary>One file input of a request: the field as the caller spells it, its value, and what the file is for.</summary>
public readonly record struct FileField(string Name, FileInput? Input, MediaPurpose Purpose);

/// <summary>A send request with file inputs (URL, media id or content).</summary>
public interface IHasFileInputs
{
    IEnumerable<FileField> FileInputs();
}

public static class FileChecks
{
    /// <summary>
    /// The 413 or 415 problem for inline content that is too large, of the wrong type for its field, or not what its
    /// name or declared type say, and for a URL whose path names a type the field does not take, naming each such
    /// field; null when every file fits. Broken base64 and empty files are the validation's (400).
    /// </summary>
    public static ProblemHttpResult? Problem(IEnumerable<FileField> fields)
    {
        var refusals = new List<(string Field, int Status, string Message)>();
        foreach (var field in fields)
        {
            if (field.Input is { Problem: null, Content: { Length: > 0 } content } input)
            {
                input.DetectedType ??= FileTypes.Detect(content.Span[..Math.Min(content.Length, FileTypes.PrefixLength)]);
                if ((FileTypes.Contradiction(input.DetectedType, input.FileName, input.DeclaredContentType)
                     ?? field.Purpose.Check(input.DetectedType, content.Length)) is { } refusal)
                {
                    refusals.Add((field.Name, refusal.Status, refusal.Message));
                }
            }
            else if (field.Input is { Problem: null, Url: { } url }
                     && FileTypes.FromFileName(new Uri(url).AbsolutePath) is { } named && !field.Purpose.Accepts(named))
            {
                // The app does not fetch a URL; what its path names is all it can check before the provider does.
                refusals.Add((field.Name, StatusCodes.Status415UnsupportedMediaType,
                    $"names {named.Noun} ({Path.GetFileName(new Uri(url).AbsolutePath)}); {field.Purpose.Noun} must be {field.Purpose.TypeList}."));
            }
        }

        return refusals.Count == 0 ? null : Refuse(refusals);
    }

    /// <summary>A problem with the status of the worst refusal (413 before 415 before 400) and every field's message.</summary>
    public static ProblemHttpResult Refuse(IReadOnlyList<(string Field, int Status, string Message)> refusals)
    {
        var status = refusals.Any(r => r.Status == StatusCodes.Status413PayloadTooLarge) ? StatusCodes.Status413PayloadTooLarge
            : refusals.Any(r => r.Status == StatusCodes.Status415UnsupportedMediaType) ? StatusCodes.Status415UnsupportedMediaType
            : StatusCodes.Status400BadRequest;
        var errors = refusals.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => g.Select(r => r.Message).ToArray());
        var detail = Problems.Sentences(refusals.Select(r => (r.Field, r.Message)));
        return status switch
        {
            StatusCodes.Status413PayloadTooLarge => Problems.Create(status, Problems.Types.PayloadTooLarge, "The file is too large", detail,
                new Dictionary<string, object?> { [Problems.Members.Errors] = errors }),
            StatusCodes.Status415UnsupportedMediaType => Problems.Create(status, Problems.Types.UnsupportedMediaType, "The file type is not accepted", detail,
                new Dictionary<string, object?> { [Problems.Members.Errors] = errors }),
            _ => Problems.Validation(errors),
        };
    }
}

/// <summary>Refuses inline file content that is too large (413) or of the wrong type (415) before validation and before anything is stored.</summary>
internal sealed class FileInputFilter<T> : IEndpointFilter where T : class, IHasFileInputs
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is T request && FileChecks.Problem(request.FileInputs()) is { } problem)
            {
                return ValueTask.FromResult<object?>(problem);
            }
        }

        return next(context);
    }
}

public static class FileInputEndpointExtensions
{
    /// <summary>Checks the type and size of inline file content of <typeparamref name="T"/>; put it before <c>Validates</c>.</summary>
    public static RouteHandlerBuilder ChecksFiles<T>(this RouteHandlerBuilder builder, long maxBodyBytes) where T : class, IHasFileInputs =>
        // An instance: AddEndpointFilter<TFilter>() compiles an activator for each endpoint at startup.
        builder.AddEndpointFilter(new FileInputFilter<T>())
            .WithBodySizeLimit(maxBodyBytes)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// Stores the <typeparamref name="T"/> request's files and gives each its URL before the handler runs, and deletes
    /// them when the send provably did not happen. Goes after <c>SendsOnce</c>, so a replayed send stores nothing.
    /// </summary>
    public static RouteHandlerBuilder StagesFiles<T>(this RouteHandlerBuilder builder) where T : class, IHasFileInputs =>
        builder.AddEndpointFilter(new FileStagingFilter<T>());
}

/// <summary>Runs <see cref="FileStaging"/> around the handler of a send with files.</summary>
internal sealed class FileStagingFilter<T> : IEndpointFilter where T : class, IHasFileInputs
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<T>().FirstOrDefault() is not { } request)
        {
            return await next(context);
        }

        var files = context.HttpContext.RequestServices.GetRequiredService<FileStaging>();
        if (await files.ResolveAsync(request.FileInputs(), context.HttpContext.RequestAborted) is { } problem)
        {
            return problem;
        }

        return await files.DiscardOnFailure(() => next(context).AsTask());
    }
}

/// <summary>
/// Turns the file inputs of one send into URLs for ClickSend: media ids are looked up and checked, content is
/// stored, and each gets a read-only SAS URL valid until the file expires (ClickSend may fetch it later, e.g. for
/// a scheduled send). Nothing is stored unless every input is valid; a send that provably did not happen deletes
/// what it stored.
/// </summary>
public sealed partial class FileStaging(MediaStore store, ILogger<FileStaging> logger)
{
    private readonly List<string> _stored = [];

    public async Task<ProblemHttpResult?> ResolveAsync(IEnumerable<FileField> fields, CancellationToken cancellationToken)
    {
        var all = fields.Where(f => f.Input is not null).ToList();
        var refusals = new List<(string Field, int Status, string Message)>();
        var stored = new Dictionary<string, StoredMedia>();
        foreach (var field in all.Where(f => f.Input!.MediaId is not null))
        {
            var (media, refusal) = await LookUpAsync(field, cancellationToken);
            if (refusal is { } refused)
            {
                refusals.Add(refused);
            }
            else
            {
                stored[field.Name] = media!;
            }
        }

        if (refusals.Count > 0)
        {
            return FileChecks.Refuse(refusals);
        }

        try
        {
            foreach (var field in all)
            {
                var input = field.Input!;
                if (input.Url is not null)
                {
                    input.Resolved = input.Url;
                    continue;
                }

                if (!stored.TryGetValue(field.Name, out var media))
                {
                    var content = input.Content!.Value;
                    var type = input.DetectedType ?? FileTypes.Detect(content.Span[..Math.Min(content.Length, FileTypes.PrefixLength)])!;
                    media = await store.StoreAsync(content, type, field.Purpose, input.FileName, cancellationToken);
                    _stored.Add(media.Id);
                }

                input.Resolved = (await store.ReadUrlAsync(media, media.ExpiresOn, cancellationToken)).Url.ToString();
            }
        }
        catch
        {
            await DiscardAsync();
            throw;
        }

        return null;
    }

    /// <summary>The stored file a field's media ID names, if it is there and fits the field's purpose; else why not.</summary>
    public async Task<(StoredMedia? Media, (string Field, int Status, string Message)? Refusal)> LookUpAsync(FileField field,
        CancellationToken cancellationToken)
    {
        var media = await store.GetAsync(field.Input!.MediaId!, cancellationToken);
        if (media is null)
        {
            return (null, (field.Name, StatusCodes.Status400BadRequest, "names no stored file (it may have expired or been deleted)."));
        }

        return field.Purpose.Check(media.Type, media.Size) is { } refusal ? (null, (field.Name, refusal.Status, refusal.Message)) : (media, null);
    }

    /// <summary>Runs the send; when it provably did not happen, deletes the files this send stored.</summary>
    public async Task<T> DiscardOnFailure<T>(Func<Task<T>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (e is MissingCredentialsException or ProviderException { Effect: UpstreamEffect.None })
        {
            await DiscardAsync();
            throw;
        }
    }

    private async Task DiscardAsync()
    {
        foreach (var id in _stored)
        {
            try
            {
                await store.DeleteAsync(id, CancellationToken.None);
            }
            catch (Exception e)
            {
                // It expires with the retention period anyway.
                LogNotDiscarded(logger, id, e.GetType().Name);
            }
        }

        _stored.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media {Id} of a failed send could not be deleted ({Failure}); it expires by itself")]
    private static partial void LogNotDiscarded(ILogger logger, string id, string failure);
}
