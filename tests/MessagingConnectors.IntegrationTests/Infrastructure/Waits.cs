namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>Waiting for what happens in the background (a delivery, a push, a timer run), with a bound.</summary>
public static class Waits
{
    public static Task Eventually(Func<bool> condition, int seconds = 20) => Eventually(condition, "condition not met in time", seconds);

    public static async Task Eventually(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what + $" (waited {seconds} s)");
            await Task.Delay(50);
        }
    }
}
