using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relais.Tests.Infrastructure;

/// <summary>
/// Keeps the last errors the apps under test logged, so that a test that gets a 500 can print the exception
/// behind it (the error page itself says nothing, as it should). Shared by every app of the test run: tests run
/// in parallel, so a message may list another test's error too; each line says when it was logged.
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private static readonly ConcurrentQueue<string> Recent = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    /// <summary>The errors logged in the last <paramref name="seconds"/> seconds, newest last, or an empty string.</summary>
    public static string Since(int seconds = 30)
    {
        var after = DateTime.UtcNow.AddSeconds(-seconds).ToString("HH:mm:ss.fff");
        var lines = Recent.Where(l => string.CompareOrdinal(l[..12], after) >= 0).ToList();
        return lines.Count == 0 ? "" : "\nErrors logged by the server:\n" + string.Join("\n", lines);
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            if (exception is not null)
            {
                text += "\n" + exception;
            }

            Recent.Enqueue(text.Length > 6000 ? text[..6000] : text);
            while (Recent.Count > 50 && Recent.TryDequeue(out _))
            {
            }
        }
    }
}
