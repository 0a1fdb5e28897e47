import { LocationProvider, Route, Router } from 'preact-iso';
import { Header } from './header.js';
import { RulebookListPage } from './rulebook-list.js';
import { SignInPage, SignUpPage } from './auth-pages.js';
import { ForgotPasswordPage, ResetPasswordPage, UnsubscribePage, VerifyEmailPage } from './account/link-pages.js';
import { AccountPage } from './account/account-page.js';
import { NotificationsPage } from './notifications/notifications-page.js';
import { RulebookPage } from './rulebook-page.js';
import { NotFoundPage } from './not-found.js';
import { ReportPage } from './report/report-page.js';
import { ModerationPage } from './moderation/moderation-page.js';
import { DeskPage } from './desk/desk-page.js';
import { InvitationPage } from './invitation-page.js';
import { CitationPage } from './citation-page.js';

/** The whole client: header on every page, then the page for the URL. */
export function App() {
  return (
    <LocationProvider>
      <Header />
      <main id="content" class="page">
        <Router>
          <Route path="/" component={RulebookListPage} />
          <Route path="/signin" component={SignInPage} />
          <Route path="/signup" component={SignUpPage} />
          <Route path="/verify-email" component={VerifyEmailPage} />
          <Route path="/forgot-password" component={ForgotPasswordPage} />
          <Route path="/reset-password" component={ResetPasswordPage} />
          <Route path="/unsubscribe/:token" component={UnsubscribePage} />
          <Route path="/invitations" component={InvitationPage} />
          <Route path="/account" component={AccountPage} />
          <Route path="/notifications" component={NotificationsPage} />
          <Route path="/r/:slug" component={RulebookPage} />
          <Route path="/r/:slug/amendments/:id" component={RulebookPage} />
          <Route path="/r/:slug/releases/:version" component={RulebookPage} />
          <Route path="/r/:slug/diff" component={RulebookPage} />
          <Route path="/r/:slug/v/:version/a/:articleId" component={CitationPage} />
          <Route path="/r/:slug/report" component={ReportPage} />
          <Route path="/r/:slug/moderation" component={ModerationPage} />
          <Route path="/r/:slug/desk" component={DeskPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </main>
    </LocationProvider>
  );
}
