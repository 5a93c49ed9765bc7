using MessagingConnectors.Hosting;
using MessagingConnectors.Providers;

namespace MessagingConnectors.ClickSend;

/// <summary>
/// ClickSend stopped selling letters and postcards to new accounts; its refusal (403) reaches the
/// caller saying so, instead of a bare "refused the operation".
/// </summary>
internal static class PostRefusal
{
    public static async Task<T> Explain<T>(Func<Task<T>> send)
    {
        try
        {
            return await send();
        }
        catch (ProviderException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            throw new ProviderException(e.Provider, e.Status, "ClickSend post is not available to this account",
                "ClickSend refused to send post: letters and postcards are no longer offered to new ClickSend accounts, " +
                $"only to accounts that already had them. ClickSend said: {e.Detail}",
                e.ProviderCode, e.Effect, e.RetryAfter, e.Extensions, e);
        }
    }
}
