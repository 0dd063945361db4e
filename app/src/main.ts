/** The member app's entry: Vue, Vant (its styles bundled, nothing fetched from outside), the
 * router and the service worker. */
import "vant/lib/index.css";
import "@/styles/app.css";

import Vant from "vant";
import { createApp } from "vue";

import App from "@/App.vue";
import { registerServiceWorker } from "@/pwa/register";
import { router } from "@/router";

createApp(App).use(router).use(Vant).mount("#app");
registerServiceWorker();
