using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

#pragma warning disable CA1050 // the runtime looks the hook up as a type named StartupHook in no namespace

/// <summary>
/// Loaded into the measured process by <c>DOTNET_STARTUP_HOOKS</c>. Every 100 ms it writes one JSON line to
/// <c>$BENCH_PROBE_FILE</c>: bytes allocated so far, GC counts, working set, and the outgoing HTTP
/// requests it has made per server (from the runtime's <c>http.client.request.duration</c> metric), so the bench
/// can take deltas over a load run: bytes per request and storage round trips per send.
/// </summary>
public static class StartupHook
{
    private static readonly ConcurrentDictionary<string, long> Outgoing = new(StringComparer.Ordinal);
    private static MeterListener? _listener;

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("BENCH_PROBE_FILE");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>(OnRequest);
        _listener.Start();

        var thread = new Thread(() => WriteLoop(path)) { IsBackground = true, Name = "bench-probe" };
        thread.Start();
    }

    private static void OnRequest(Instrument instrument, double duration, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? address = null, port = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "server.address")
            {
                address = tag.Value?.ToString();
            }
            else if (tag.Key == "server.port")
            {
                port = Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
            }
        }

        Outgoing.AddOrUpdate($"{address}:{port}", 1, (_, n) => n + 1);
    }

    private static void WriteLoop(string path)
    {
        var temporary = path + ".tmp";
        while (true)
        {
            var line = new StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"{{\"allocated\":{GC.GetTotalAllocatedBytes(precise: true)}");
            line.Append(CultureInfo.InvariantCulture, $",\"gen0\":{GC.CollectionCount(0)},\"gen1\":{GC.CollectionCount(1)},\"gen2\":{GC.CollectionCount(2)}");
            line.Append(CultureInfo.InvariantCulture, $",\"workingSet\":{Environment.WorkingSet},\"outgoing\":{{");
            var first = true;
            foreach (var (server, count) in Outgoing)
            {
                line.Append(CultureInfo.InvariantCulture, $"{(first ? "" : ",")}\"{server}\":{count}");
                first = false;
            }

            line.Append("}}\n");
            File.WriteAllText(temporary, line.ToString());
            File.Move(temporary, path, overwrite: true);
            Thread.Sleep(100);
        }
    }
}
