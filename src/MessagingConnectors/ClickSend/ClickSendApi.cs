using MessagingConnectors.Hosting;
using MessagingConnectors.Idempotency;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.ClickSend;

/// <summary>ClickSend actions under <c>/api/clicksend</c>, with the published connector's paths and field names.</summary>
public static class ClickSendApi
{
    public const string Tag = "ClickSend";
    private const string DefaultSource = "MessagingConnectors";

    public static IServiceCollection AddClickSend(this IServiceCollection services)
    {
        services.AddProviderClient<ClickSendClient, ClickSendOptions>(ClickSendOptions.Section);
        return services;
    }

    public static IEndpointRouteBuilder MapClickSendApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/clicksend").WithTags(Tag);

        group.MapPost("/sms/send", SendSms)
            .WithName("SendSms")
            .WithSummary("Send SMS")
            .WithDescription("Sends one or more SMS messages through ClickSend. Each 160 GSM-7 characters make one SMS part; " +
                             "a message can use up to 8 parts (1,224 GSM-7 or 536 Unicode characters). The answer gives every " +
                             "message its own status and counts the accepted and rejected ones. Safe to retry with the same " +
                             "Idempotency-Key, or from a Logic Apps or Power Automate run.")
            .Validates<SendSmsRequest>()
            .SendsOnce<SendSmsRequest>(ClickSendScope)
            .WithVisibility(OpenApi.Visibility.Important)
            .ProducesProviderProblems();

        return app;
    }

    private static string ClickSendScope(HttpContext context) => ClickSendAccount.Resolve(context).Username;

    internal static async Task<Results<Ok<SendSmsResponse>, ProblemHttpResult>> SendSms(
        SendSmsRequest request, HttpContext context, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var account = ClickSendAccount.Resolve(context);
        var messages = request.Messages!;
        var upstream = new ClickSendSmsSendRequest(messages.Select(m => new ClickSendSmsMessage(
            m.NormalizedTo, m.Body!, m.Source ?? DefaultSource, m.CustomString, m.From, m.Schedule, m.ListId,
            m.Country?.Trim().ToUpperInvariant())).ToList());

        var envelope = await clickSend.SendSmsAsync(account, upstream, cancellationToken);

        var results = envelope.Data?.Messages ?? [];
        var accepted = results.Count(m => string.Equals(m.Status, SmsMessageResult.Accepted, StringComparison.OrdinalIgnoreCase));
        var response = new SendSmsResponse
        {
            HttpCode = envelope.HttpCode,
            ResponseCode = envelope.ResponseCode,
            ResponseMsg = envelope.ResponseMsg,
            Data = envelope.Data,
            AcceptedCount = accepted,
            RejectedCount = results.Count - accepted,
            PartCounts = messages.Select(m => new SmsPartCount(
                m.NormalizedTo ?? $"list:{m.ListId}", m.Segmentation.Encoding, m.Segmentation.Units, m.Segmentation.Parts)).ToList(),
        };

        if (results.Count > 0 && accepted == 0)
        {
            return SendProblems.AllRejected(ClickSendClient.Provider, response.RejectedCount,
                results.Select(m => new RejectedRecipient(m.To, m.Status)).ToList());
        }

        return TypedResults.Ok(response);
    }
}
