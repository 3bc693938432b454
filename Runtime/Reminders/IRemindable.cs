namespace Orleans.Multipart.Runtime.Reminders;

/// <summary>Implemented by grains that receive durable reminders.</summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName);
}
