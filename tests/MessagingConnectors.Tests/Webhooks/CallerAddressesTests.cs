using System.Net;
using MessagingConnectors.Clipsan;
using MessagingConnectors.Webhooks;
using Microsoft.AspNetCore.Http;

namespace MessagingConnectors.Tests.Webhooks;

public class CallerAddressesTests
{
    private static DefaultHttpContext Context(string remote, string? forwardedFor = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return context;
    }

    [Theory]
    [InlineData("109.123.222.193", true)]
    [InlineData("::ffff:109.123.222.193", true)]
    [InlineData("109.123.222.194", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.2.0.1", false)]
    [InlineData("2001:db8::5", true)]
    public void Allows_listed_addresses_and_ranges_only(string caller, bool allowed) =>
        Assert.Equal(allowed, CallerAddresses.Parse("109.123.222.193, 10.1.0.0/16; 2001:db8::/32", "test").Allows(IPAddress.Parse(caller)));

    [Fact]
    public void An_entry_that_is_no_address_fails_and_an_empty_list_allows_nobody()
    {
        Assert.Throws<InvalidOperationException>(() => CallerAddresses.Parse("109.123.222.193, clipsan.com", "Clipsan:NotificationCallers"));
        Assert.False(CallerAddresses.TryParse("300.1.1.1", out _));
        Assert.False(CallerAddresses.Parse("", "test").Allows(IPAddress.Loopback));
        Assert.False(CallerAddresses.Parse("127.0.0.1", "test").Allows(null));
    }

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.9, 109.123.222.193", true, "109.123.222.193")]
    [InlineData("127.0.0.1", "109.123.222.193, 203.0.113.9:4711", true, "203.0.113.9")]
    [InlineData("127.0.0.1", "[2001:db8::1]:443", true, "2001:db8::1")]
    [InlineData("127.0.0.1", "109.123.222.193", false, "127.0.0.1")]
    [InlineData("198.51.100.7", "109.123.222.193", true, "198.51.100.7")]
    [InlineData("127.0.0.1", "not an address", true, null)]
    public void The_forwarded_address_counts_only_when_trusted_and_from_loopback(string remote, string forwardedFor, bool trusted, string? expected) =>
        Assert.Equal(expected, CallerAddresses.Caller(Context(remote, forwardedFor), trusted)?.ToString());

    [Fact]
    public void A_repeat_has_the_same_key_and_the_old_and_new_email_of_a_change_do_not()
    {
        static ClipsanContactChange Change(string? email, string? time = "1700000000", string? pin = "7360285163") =>
            new() { Id = "455554", Email = email, Pin = pin, Time = time };

        Assert.Equal(ClipsanNotificationsApi.MessageKey(Change("a@example.cz")), ClipsanNotificationsApi.MessageKey(Change("a@example.cz")));
        Assert.NotEqual(ClipsanNotificationsApi.MessageKey(Change("a@example.cz")), ClipsanNotificationsApi.MessageKey(Change("b@example.cz")));
        Assert.NotEqual(ClipsanNotificationsApi.MessageKey(Change("a@example.cz")), ClipsanNotificationsApi.MessageKey(Change("a@example.cz", "1700000001")));
        Assert.DoesNotContain("7360285163", ClipsanNotificationsApi.MessageKey(Change("a@example.cz")), StringComparison.Ordinal);
        Assert.NotEqual(ClipsanNotificationsApi.MessageKey(Change("a@example.cz", time: null)), ClipsanNotificationsApi.MessageKey(Change("a@example.cz", time: null)));
        Assert.DoesNotContain("7360285163", Change("a@example.cz").ToString(), StringComparison.Ordinal);
    }
}
