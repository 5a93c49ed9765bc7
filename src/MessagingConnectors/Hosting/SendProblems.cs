using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.Hosting;

public sealed record RejectedRecipient(string? To, string? Status);

/// <summary>Answers for sends the provider took but did not deliver to anyone.</summary>
public static class SendProblems
{
    /// <summary>
    /// A send where the provider rejected every recipient is a 422, not a 200: the flow's
    /// "run after failed" branch fires and the platform does not retry it (it retries only 408, 429, 5xx).
    /// </summary>
    /// <remarks>The recipients go out as an array: the type <see cref="Json.AppJsonContext"/> has metadata for.</remarks>
    public static ProblemHttpResult AllRejected(string provider, int count, RejectedRecipient[] recipients) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, Problems.Types.AllRecipientsRejected,
            "Every recipient was rejected",
            string.Create(CultureInfo.InvariantCulture, $"{provider} accepted the request but rejected all {count} message(s); see rejected for each reason."),
            new Dictionary<string, object?> { ["provider"] = provider, ["rejected"] = recipients });
}
