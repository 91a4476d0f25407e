using Microsoft.Extensions.Logging;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>Server warnings and errors go into the current test's output, where a failure is read.</summary>
public sealed class TestOutputLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new OutputLogger(categoryName);

    public void Dispose()
    {
    }

    private static readonly Lock FileLock = new();

    /// <summary>Where server lines without a test context go: TestResults/server.log at the repository root.</summary>
    public static string LogFile { get; } = Path.Combine(Path.GetDirectoryName(Browser.ScreenshotDirectory("_", "_"))!, "..", "..", "server.log");

    private sealed class OutputLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}";
            try
            {
                // Requests served by Kestrel run outside the test's context: those lines go to stdout.
                if (TestContext.Current.TestOutputHelper is { } output)
                {
                    output.WriteLine(line);
                }
                else
                {
                    lock (FileLock)
                    {
                        File.AppendAllText(LogFile, line + Environment.NewLine);
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // No test is running (host shutting down).
            }
        }
    }
}
