using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Runtime.Reminders;

public sealed partial class ReminderService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Reminder {Name} of {Grain} failed; it will be retried.")]
        public static partial void DeliveryFailed(ILogger logger, Exception exception, string name, string grain);

        [LoggerMessage(2, LogLevel.Warning, "Reading the reminder table failed; retrying at the next poll.")]
        public static partial void PollFailed(ILogger logger, Exception exception);
    }
}
