using MessagingConnectors.ClickSend;
using MessagingConnectors.Clipsan;
using MessagingConnectors.Hosting;
using MessagingConnectors.SerwerSms;

namespace MessagingConnectors.ApiExport;

/// <summary>A value the user types when creating a connection, applied to every call as a request header.</summary>
public sealed record ConnectionParameter(string Name, string DisplayName, string Description, string Header, bool Required);

/// <summary>What one exported custom connector is: the operations of one tag, its credentials, brand and texts.</summary>
public sealed record ConnectorProfile(
    string Folder,
    string Tag,
    string Title,
    string Description,
    string BrandColor,
    string IconLetters,
    string Website,
    string PrivacyPolicy,
    string Categories,
    IReadOnlyList<ConnectionParameter> Credentials,
    string ObtainingCredentials,
    IReadOnlyList<string> KnownIssues,
    string Differences,
    IReadOnlyList<string> SharedTags);

/// <summary>The three connectors the export writes, and the facts every one of them shares.</summary>
public static class ConnectorProfiles
{
    public const string PublisherName = "Messaging Connectors";
    public const string Categories = "Communication;Marketing";

    /// <summary>The connection parameter of the function key: Power Platform maps an apiKey security definition to <c>api_key</c>.</summary>
    public const string FunctionKeyParameter = "api_key";

    public static IReadOnlyList<ConnectorProfile> All { get; } =
    [
        new ConnectorProfile(
            "clicksend", ClickSendApi.Tag, "ClickSend (self-hosted)",
            "Send SMS, MMS, voice messages, faxes, letters and postcards, manage contact lists and react to inbound SMS through ClickSend, " +
            "via your own Messaging Connectors backend on Azure Functions.",
            "#0B69FF", "CS", "https://www.clicksend.com", "https://www.clicksend.com/us/legal/privacy-policy", Categories,
            [
                new ConnectionParameter("clicksend_username", "ClickSend Username", "The username of your ClickSend API credentials; empty uses the backend's own.", ClickSendAccount.UsernameHeader, false),
                new ConnectionParameter("clicksend_api_key", "ClickSend API Key", "The API key of your ClickSend API credentials; empty uses the backend's own.", ClickSendAccount.ApiKeyHeader, false),
            ],
            "In the ClickSend dashboard, the API Credentials page (under Developers) shows your API username and key: they are the two ClickSend values of the connection.",
            [
                "ClickSend no longer offers post (letters and postcards) to new accounts; their refusal is returned as a 403 problem.",
                "File inputs (fax documents, MMS media, letters, postcards) take a public URL, a media ID from Upload a file, or file content.",
                "The inbound SMS trigger stores every message before answering ClickSend and delivers it to the flow at least once; undelivered messages can be read with Get undelivered inbound SMS.",
            ],
            "Paths, field names, requiredness and visibility follow the published ClickSend connector, so a flow moves over one to one; " +
            "every difference is listed with its reason in docs/clicksend-connector-parity.md of the repository, and a test fails on any difference not listed there. " +
            "This connector adds Get all contacts in a list, Send SMS campaign, Get undelivered inbound SMS, the Idempotency-Key header on sends, " +
            "and Upload a file (with Get and Delete a file), whose media ID any file input of a send takes.",
            [Media.MediaApi.Tag]),
        new ConnectorProfile(
            "serwersms", SerwerSmsApi.Tag, "SerwerSMS (self-hosted)",
            "Send SMS and manage contacts, groups and the blacklist of a SerwerSMS.pl account, via your own Messaging Connectors backend on Azure Functions.",
            "#DE2228", "S", "https://serwersms.pl", "https://serwersms.pl/dokumenty/8-polityka_prywatnosci", "Communication;Marketing",
            [
                new ConnectionParameter("serwersms_token", "SerwerSMS API Token", "An API token of your SerwerSMS account; empty uses the username and password below, or the backend's own credentials.", SerwerSmsAccount.TokenHeader, false),
                new ConnectionParameter("serwersms_username", "SerwerSMS API Username", "The username of a SerwerSMS API user, used when no token is given.", SerwerSmsAccount.UsernameHeader, false),
                new ConnectionParameter("serwersms_password", "SerwerSMS API Password", "The password of that SerwerSMS API user.", SerwerSmsAccount.PasswordHeader, false),
            ],
            "In the SerwerSMS.pl customer panel, create an API token in the HTTPS API settings (recommended), or an API user with a username and password.",
            [
                "SerwerSMS sends an ECO SMS from a random number when no authorised sender name is given.",
                "Polish numbers may omit +48; every other number needs its international form.",
                "When an SMS is received polls SerwerSMS every minute; a message SerwerSMS lists more than ten minutes after the time it carries is not delivered.",
            ],
            "The certified SerwerSMS connector signs in with OAuth and calls SerwerSMS directly. This one uses an API token (or API user) " +
            "and goes through your backend, which adds validation that names the bad field, idempotent sends and group and sender pickers. " +
            "Its trigger When an SMS is received starts from the flow's creation, delivers each message once (MMS with their attachments) " +
            "with its time as ISO 8601 and never marks messages as read; List received messages lists and filters them.",
            []),
        new ConnectorProfile(
            "clipsan", ClipsanApi.Tag, "Clipsan (self-hosted)",
            "List, search, add, update and delete Clipsan leads and manage their lists and tags, via your own Messaging Connectors backend on Azure Functions.",
            "#6A1B9A", "CL", "https://clipsan.com", "https://clipsan.com", Categories,
            [
                new ConnectionParameter("clipsan_key", "Clipsan Secure Key", "The secure key of your Clipsan account; empty uses the backend's own.", ClipsanAccount.KeyHeader, false),
            ],
            "Sign in to Clipsan and open https://clipsan.com/cs/clipsan/securekey: the secure key shown there is the Clipsan value of the connection.",
            [
                "A lead is named by exactly one of its id, email or pin.",
            ],
            "Clipsan has no published Power Platform connector; this is the only one.",
            []),
    ];

    public static ConnectorProfile? Find(string tag) => All.FirstOrDefault(p => p.Tag == tag);

    /// <summary>The header the backend reads the function key from (the Functions host reads the same one).</summary>
    public static string FunctionKeyHeader => ApiKeyMiddleware.Header;
}
