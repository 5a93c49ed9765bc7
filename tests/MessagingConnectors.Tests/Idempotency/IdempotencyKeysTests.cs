using MessagingConnectors.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace MessagingConnectors.Tests.Idempotency;

public class IdempotencyKeysTests
{
    private const string BodyHash = "b0d7";

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context.Request;
    }

    private static (string, string)[] Workflow(string operation = "Send_an_SMS", string? repeatIndex = null)
    {
        var headers = new List<(string, string)>
        {
            ("x-ms-workflow-name", "notify-customers"),
            ("x-ms-workflow-id", "/subscriptions/1/workflows/notify"),
            ("x-ms-workflow-run-id", "08584737551867954143243946780CU57"),
            ("x-ms-workflow-operation-name", operation),
        };
        if (repeatIndex is not null)
        {
            headers.Add(("x-ms-workflow-repeatitem-scope-name", "For_each"));
            headers.Add(("x-ms-workflow-repeatitem-index", repeatIndex));
            headers.Add(("x-ms-workflow-repeatitem-batch-index", "0"));
        }

        return headers.ToArray();
    }

    private static string KeyOf(HttpRequest request, string bodyHash = BodyHash)
    {
        var key = IdempotencyKeys.From(request, bodyHash, out var problem);
        Assert.Null(problem);
        Assert.NotNull(key);
        Assert.False(key.Value.FromCaller);
        return key.Value.Value;
    }

    [Theory]
    [InlineData("order-42")]
    [InlineData("a")]
    [InlineData("3f2b8c1e-9d4a-4f7e-8b2a-0c6d5e4f3a21")]
    public void ExplicitHeader_IsTheKey(string value)
    {
        var key = IdempotencyKeys.From(Request(("Idempotency-Key", value)), BodyHash, out var problem);
        Assert.Null(problem);
        Assert.Equal(new IdempotencyKeys.Key(value, FromCaller: true), key);
    }

    [Fact]
    public void ExplicitHeader_WinsOverWorkflowHeaders()
    {
        var request = Request([.. Workflow(), ("idempotency-key", "mine")]);
        var key = IdempotencyKeys.From(request, BodyHash, out var problem);
        Assert.Null(problem);
        Assert.Equal(new IdempotencyKeys.Key("mine", FromCaller: true), key);
    }

    [Fact]
    public void ExplicitHeader_OfMaximumLength_IsAccepted()
    {
        var value = new string('k', 255);
        Assert.Equal(value, IdempotencyKeys.From(Request(("Idempotency-Key", value)), BodyHash, out _)?.Value);
    }

    [Fact]
    public void EmptyExplicitKey_IsAProblem()
    {
        // Kestrel keeps a header sent with an empty value; the indexer and Append would drop it, Add keeps it.
        var context = new DefaultHttpContext();
        ((IDictionary<string, StringValues>)context.Request.Headers).Add("Idempotency-Key", new StringValues(""));
        Assert.True(context.Request.Headers.ContainsKey("Idempotency-Key"));
        Assert.Null(IdempotencyKeys.From(context.Request, BodyHash, out var problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("tab\tkey")]
    [InlineData("bell\u0007")]
    [InlineData("del\u007f")]
    [InlineData("naïve")]
    public void InvalidExplicitKey_IsAProblem(string value)
    {
        Assert.Null(IdempotencyKeys.From(Request(("Idempotency-Key", value)), BodyHash, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void ExplicitKey_Of256Characters_IsAProblem()
    {
        Assert.Null(IdempotencyKeys.From(Request(("Idempotency-Key", new string('k', 256))), BodyHash, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void NoHeaders_NoKey()
    {
        Assert.Null(IdempotencyKeys.From(Request(), BodyHash, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void WorkflowHeadersWithoutRunId_NoKey()
    {
        var request = Request(Workflow().Where(h => h.Item1 != "x-ms-workflow-run-id").ToArray());
        Assert.Null(IdempotencyKeys.From(request, BodyHash, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void WorkflowKey_IsStableForTheSameCall()
    {
        Assert.Equal(KeyOf(Request(Workflow(repeatIndex: "3"))), KeyOf(Request(Workflow(repeatIndex: "3"))));
    }

    [Fact]
    public void WorkflowKey_DiffersPerLoopIteration()
    {
        Assert.NotEqual(KeyOf(Request(Workflow(repeatIndex: "0"))), KeyOf(Request(Workflow(repeatIndex: "1"))));
        Assert.NotEqual(KeyOf(Request(Workflow())), KeyOf(Request(Workflow(repeatIndex: "0"))));
    }

    [Fact]
    public void WorkflowKey_DiffersPerOperation()
    {
        Assert.NotEqual(KeyOf(Request(Workflow("Send_to_customer"))), KeyOf(Request(Workflow("Send_to_manager"))));
    }

    [Fact]
    public void WorkflowKey_DiffersPerRun()
    {
        var other = Workflow().Select(h => h.Item1 == "x-ms-workflow-run-id" ? (h.Item1, "08584737551867954143243946780CU58") : h).ToArray();
        Assert.NotEqual(KeyOf(Request(Workflow())), KeyOf(Request(other)));
    }

    [Fact]
    public void WorkflowKey_DiffersPerBody()
    {
        var request = Request(Workflow(repeatIndex: "2"));
        Assert.NotEqual(KeyOf(request, "hash-one"), KeyOf(request, "hash-two"));
    }

    [Fact]
    public void WorkflowKey_IgnoresHeaderOrderAndNameCase()
    {
        var headers = Workflow(repeatIndex: "5");
        var shuffled = headers.Reverse()
            .Select((h, i) => (i % 2 == 0 ? h.Item1.ToUpperInvariant() : char.ToUpperInvariant(h.Item1[0]) + h.Item1[1..], h.Item2))
            .ToArray();
        Assert.Equal(KeyOf(Request(headers)), KeyOf(Request(shuffled)));
    }

    [Fact]
    public void WorkflowKey_IgnoresUnrelatedHeaders()
    {
        var request = Request([.. Workflow(), ("x-ms-client-tracking-id", "abc"), ("User-Agent", "azure-logic-apps/1.0")]);
        Assert.Equal(KeyOf(Request(Workflow())), KeyOf(request));
    }

    [Fact]
    public void RowKey_Is64LowercaseHex()
    {
        var rowKey = IdempotencyKeys.RowKey("clicksend:user", "order-42");
        Assert.Equal(64, rowKey.Length);
        Assert.All(rowKey, c => Assert.True(c is >= '0' and <= '9' or >= 'a' and <= 'f', $"'{c}' is not lower-case hex"));
    }

    [Fact]
    public void RowKey_DiffersPerScope_AndIsStable()
    {
        Assert.NotEqual(IdempotencyKeys.RowKey("clicksend:alice", "order-42"), IdempotencyKeys.RowKey("clicksend:bob", "order-42"));
        Assert.NotEqual(IdempotencyKeys.RowKey("clicksend:alice", "order-42"), IdempotencyKeys.RowKey("clicksend:alice", "order-43"));
        Assert.Equal(IdempotencyKeys.RowKey("clicksend:alice", "order-42"), IdempotencyKeys.RowKey("clicksend:alice", "order-42"));
    }

    [Fact]
    public void RowKey_KeepsScopeAndKeyApart_EvenWhenANewlineCouldShiftTheBoundary()
    {
        // "a\nb" + "c" and "a" + "b\nc" would hash the same text if the scope's length were not part of it.
        Assert.NotEqual(IdempotencyKeys.RowKey("a\nb", "c"), IdempotencyKeys.RowKey("a", "b\nc"));
    }

    [Fact]
    public void RowKey_ScopeAndKeyCannotBeShiftedIntoEachOther()
    {
        Assert.NotEqual(IdempotencyKeys.RowKey("ab", "c"), IdempotencyKeys.RowKey("a", "bc"));
    }
}
