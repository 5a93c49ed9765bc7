using System.Globalization;
using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.Hosting;

/// <summary>A recipient of a send the provider rejected, in the 422's <c>rejected</c> member.</summary>
public sealed record RejectedRecipient(
    [property: JsonPropertyName("to"), ApiField("To", "The recipient as the provider read it.")] string? To,
    [property: JsonPropertyName("status"), ApiField("Status", "The provider's reason, e.g. INVALID_RECIPIENT or wrong_number.")] string? Status);

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
            new Dictionary<string, object?> { [Problems.Members.Provider] = provider, [Problems.Members.Rejected] = recipients });
}
