using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.ClickSend;

/// <summary>Turns ClickSend's answer to any send into our answer: 200 with counts, or 422 when nobody was accepted.</summary>
internal static class SendOutcome
{
    public const string Accepted = "SUCCESS";

    public static bool IsAccepted(IHasSendStatus result) => string.Equals(result.Status, Accepted, StringComparison.OrdinalIgnoreCase);

    public static Results<Ok<TResponse>, ProblemHttpResult> Answer<TResponse, TData, TResult>(
        ClickSendEnvelope<TData> envelope, IReadOnlyList<TResult>? results, TResponse response)
        where TResponse : SendResponse<TData>
        where TResult : IHasSendStatus
    {
        results ??= [];
        var accepted = results.Count(r => IsAccepted(r));
        response.HttpCode = envelope.HttpCode;
        response.ResponseCode = envelope.ResponseCode;
        response.ResponseMsg = envelope.ResponseMsg;
        response.Data = envelope.Data;
        response.AcceptedCount = accepted;
        response.RejectedCount = results.Count - accepted;

        if (results.Count > 0 && accepted == 0)
        {
            return SendProblems.AllRejected(ClickSendClient.Provider, results.Count,
                results.Select(r => new RejectedRecipient(r.Recipient, r.Status)).ToArray());
        }

        return TypedResults.Ok(response);
    }
}
