using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.ClickSend;

/// <summary>ClickSend's answer without its data: what a delete returns.</summary>
public class ClickSendStatus
{
    [JsonPropertyName("http_code")]
    [JsonPropertyOrder(-3)]
    [ApiField("HTTP Code", "The HTTP status ClickSend reported.")]
    public int HttpCode { get; set; }

    [JsonPropertyName("response_code")]
    [JsonPropertyOrder(-2)]
    [ApiField("Response Code", "ClickSend's outcome code, e.g. SUCCESS.")]
    public string? ResponseCode { get; set; }

    [JsonPropertyName("response_msg")]
    [JsonPropertyOrder(-1)]
    [ApiField("Response Message", "ClickSend's description of the outcome.")]
    public string? ResponseMsg { get; set; }

}

/// <summary>ClickSend's answer envelope: <c>{http_code, response_code, response_msg, data}</c>.</summary>
public class ClickSendEnvelope<TData> : ClickSendStatus
{
    [JsonPropertyName("data")]
    [ApiField("Data", "What ClickSend returned.")]
    public TData? Data { get; set; }
}

/// <summary>The account currency ClickSend reports beside prices.</summary>
public sealed class ClickSendCurrency
{
    [JsonPropertyName("currency_name_short")]
    [ApiField("Currency", "Currency code, e.g. AUD.")]
    public string? CurrencyNameShort { get; set; }

    [JsonPropertyName("currency_prefix_d")]
    [ApiField("Currency Symbol", "Symbol for whole units, e.g. $.")]
    public string? CurrencyPrefixD { get; set; }

    [JsonPropertyName("currency_prefix_c")]
    [ApiField("Cents Symbol", "Symbol for cents, e.g. c.")]
    public string? CurrencyPrefixC { get; set; }

    [JsonPropertyName("currency_name_long")]
    [ApiField("Currency Name", "Currency name, e.g. Australian Dollars.")]
    public string? CurrencyNameLong { get; set; }

    [JsonPropertyName("min_recharge_amount")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Minimum Recharge", "The least the account can be topped up by, e.g. 20.00.", Visibility = Visibility.Advanced)]
    public string? MinRechargeAmount { get; set; }

    [JsonPropertyName("max_recharge_amount")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Maximum Recharge", "The most the account can be topped up by at once, e.g. 10000.00.", Visibility = Visibility.Advanced)]
    public string? MaxRechargeAmount { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}
