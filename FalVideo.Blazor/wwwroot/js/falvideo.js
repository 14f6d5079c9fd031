// Small browser helpers for FalVideo: remembered preferences and opt-in desktop notifications.
const notifyKey = "falvideo.notify";
const darkKey = "falvideo.dark";

export function notificationPermission() {
    return "Notification" in window ? Notification.permission : "unsupported";
}

export async function requestNotifications() {
    if (!("Notification" in window)) return "unsupported";
    const permission = await Notification.requestPermission();
    localStorage.setItem(notifyKey, permission === "granted" ? "1" : "0");
    return permission;
}

export function notificationsEnabled() {
    return localStorage.getItem(notifyKey) === "1" && notificationPermission() === "granted";
}

export function setNotificationsEnabled(enabled) {
    localStorage.setItem(notifyKey, enabled ? "1" : "0");
}

export function notify(title, body, url, tag) {
    if (!notificationsEnabled()) return false;
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
        window.focus();
        if (url) window.location.assign(url);
        notification.close();
    };
    return true;
}

// "1" dark, "0" light, null = follow the system.
export function darkModePreference() {
    return localStorage.getItem(darkKey);
}

export function setDarkModePreference(dark) {
    localStorage.setItem(darkKey, dark ? "1" : "0");
}
