/** Weather: `GET /v1/weather?q=CITY&units=metric|imperial`, API key in the `appid` query parameter. */
import { apiKeyQuery } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply } from '../reply';
import type { Route, RouteContext } from '../route';

interface City {
  name: string;
  country: string;
  lat: number;
  lon: number;
  tempC: number;
  humidity: number;
  windMs: number;
  main: string;
  description: string;
}

const CITIES: City[] = [
  { name: 'Madrid', country: 'ES', lat: 40.4168, lon: -3.7038, tempC: 21.4, humidity: 38, windMs: 3.6, main: 'Clear', description: 'clear sky' },
  { name: 'Lisbon', country: 'PT', lat: 38.7223, lon: -9.1393, tempC: 18.2, humidity: 71, windMs: 5.1, main: 'Clouds', description: 'scattered clouds' },
  { name: 'Oslo', country: 'NO', lat: 59.9139, lon: 10.7522, tempC: -2.5, humidity: 86, windMs: 2.2, main: 'Snow', description: 'light snow' },
  { name: 'Buenos Aires', country: 'AR', lat: -34.6037, lon: -58.3816, tempC: 26.9, humidity: 64, windMs: 4.4, main: 'Rain', description: 'light rain' },
];

const round1 = (n: number) => Math.round(n * 10) / 10;

export function weatherRoutes(ctx: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/weather$/,
      summary: 'Current weather (?q=Madrid|Lisbon|Oslo|Buenos Aires&units=metric|imperial&appid=demo-key); 404 for other cities',
      api: 'weather',
      auth: apiKeyQuery('appid', DEMO_CREDENTIALS.apiKey, 'demo-weather'),
      handle(req) {
        const q = (req.query.get('q') ?? '').trim();
        if (!q) return errorReply(400, 'the "q" query parameter (a city name) is required');
        const units = req.query.get('units') ?? 'metric';
        if (units !== 'metric' && units !== 'imperial') return errorReply(400, `units must be "metric" or "imperial", not ${JSON.stringify(units)}`);
        const city = CITIES.find((c) => c.name.toLowerCase() === q.toLowerCase());
        if (!city) return errorReply(404, `city ${JSON.stringify(q)} not found`, { code: 'city_not_found' });
        const temp = units === 'metric' ? city.tempC : round1((city.tempC * 9) / 5 + 32);
        return {
          status: 200,
          body: {
            name: city.name,
            country: city.country,
            coord: { lat: city.lat, lon: city.lon },
            main: { temp, humidity: city.humidity },
            wind: { speed: city.windMs },
            weather: [{ main: city.main, description: city.description }],
            units,
            dt: Math.floor(ctx.now() / 1000),
          },
        };
      },
    },
  ];
}
