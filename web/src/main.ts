// Starts the UI (App.vue decides between first-run setup, sign-in and the app).
import { createApp } from "vue";
import App from "./App.vue";
import "./styles.css";

createApp(App).mount("#app");
